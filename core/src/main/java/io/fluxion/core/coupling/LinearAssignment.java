package io.fluxion.core.coupling;

import java.util.Arrays;

/**
 * Minimum-cost perfect matching on a dense square cost matrix: the shortest-augmenting-path
 * method with dual potentials (Jonker–Volgenant family; O(n³) in the worst case, far less on
 * the geometric costs of minibatch OT). Exact for any finite costs.
 *
 * <p>Not thread-safe: an instance keeps its work arrays for reuse between calls of the same
 * or smaller size.
 */
public final class LinearAssignment {

    private double[] rowPotential = new double[0];
    private double[] columnPotential = new double[0];
    private double[] minimumSlack = new double[0];
    private int[] columnOwner = new int[0];
    private int[] previousColumn = new int[0];
    private boolean[] visited = new boolean[0];

    /**
     * Solves the assignment for {@code cost [n, n]} (row-major, finite).
     *
     * @param cost         cost of giving row i column j at {@code i * n + j}
     * @param n            size
     * @param rowToColumn  output [n]: the column assigned to each row
     * @return the total cost of the optimal assignment
     */
    public double solve(double[] cost, int n, int[] rowToColumn) {
        if (cost.length < n * n || rowToColumn.length < n) {
            throw new IllegalArgumentException("LinearAssignment: cost must be [" + n + ", " + n + "]");
        }
        ensureCapacity(n + 1);
        double[] u = rowPotential;
        double[] v = columnPotential;
        int[] p = columnOwner;
        int[] way = previousColumn;
        Arrays.fill(u, 0, n + 1, 0);
        Arrays.fill(v, 0, n + 1, 0);
        Arrays.fill(p, 0, n + 1, 0);
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minimumSlack, 0, n + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, 0, n + 1, false);
            do {
                visited[j0] = true;
                int i0 = p[j0];
                int rowStart = (i0 - 1) * n - 1;
                double rowU = u[i0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!visited[j]) {
                        double slack = cost[rowStart + j] - rowU - v[j];
                        if (slack < minimumSlack[j]) {
                            minimumSlack[j] = slack;
                            way[j] = j0;
                        }
                        if (minimumSlack[j] < delta) {
                            delta = minimumSlack[j];
                            j1 = j;
                        }
                    }
                }
                if (j1 == 0) {
                    throw new IllegalArgumentException("LinearAssignment: costs must be finite");
                }
                for (int j = 0; j <= n; j++) {
                    if (visited[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minimumSlack[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        double total = 0;
        for (int j = 1; j <= n; j++) {
            rowToColumn[p[j] - 1] = j - 1;
        }
        for (int i = 0; i < n; i++) {
            total += cost[i * n + rowToColumn[i]];
        }
        return total;
    }

    /** Squared Euclidean costs between the rows of a [n, d] and b [n, d], into cost [n, n]. */
    public static void squaredDistances(float[] a, float[] b, int n, int d, double[] cost) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    double diff = (double) a[i * d + k] - b[j * d + k];
                    sum += diff * diff;
                }
                cost[i * n + j] = sum;
            }
        }
    }

    private void ensureCapacity(int size) {
        if (rowPotential.length < size) {
            rowPotential = new double[size];
            columnPotential = new double[size];
            minimumSlack = new double[size];
            columnOwner = new int[size];
            previousColumn = new int[size];
            visited = new boolean[size];
        }
    }
}
