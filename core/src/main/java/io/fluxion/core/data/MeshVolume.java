package io.fluxion.core.data;

import io.fluxion.core.mesh.TriangleMesh;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Points uniform inside a closed triangle mesh. At construction a pool of
 * {@value #POOL} interior points is drawn once (seed 0): uniform candidates in the bounding box,
 * kept when a ray from them along +z crosses the surface an odd number of times (the triangles
 * are bucketed on a grid over x-y, so a test looks at the few triangles above its cell).
 * Sampling draws from the pool with replacement; interior points carry no colour. A mesh with an
 * edge not shared by an even number of triangles is not closed and is refused, since inside and
 * outside are then undefined.
 */
final class MeshVolume {

    static final int POOL = 1 << 17;
    private static final int CELLS = 64;

    private MeshVolume() {
    }

    /** @throws IllegalArgumentException when the mesh is not closed or has no interior */
    static PointCloud of(String name, TriangleMesh mesh) {
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        checkClosed(mesh.name(), t);
        float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < v.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], v[i]);
            hi[i % 3] = Math.max(hi[i % 3], v[i]);
        }
        Buckets buckets = new Buckets(v, t, lo, hi);
        SplittableRandom random = new SplittableRandom(0);
        float[] points = new float[3 * POOL];
        int found = 0;
        long tries = 0;
        long maxTries = 200L * POOL;
        while (found < POOL) {
            if (++tries > maxTries) {
                throw new IllegalArgumentException(mesh.name() + ": --fill volume found almost no points inside the mesh "
                        + "(is it flat or inside out?)");
            }
            double x = lo[0] + random.nextDouble() * (hi[0] - lo[0]);
            double y = lo[1] + random.nextDouble() * (hi[1] - lo[1]);
            double z = lo[2] + random.nextDouble() * (hi[2] - lo[2]);
            if (buckets.inside(x, y, z)) {
                points[3 * found] = (float) x;
                points[3 * found + 1] = (float) y;
                points[3 * found + 2] = (float) z;
                found++;
            }
        }
        return new PointCloud(name, points, null, POOL, 3);
    }

    /** Every undirected edge must belong to an even number of triangles. */
    static void checkClosed(String meshName, int[] t) {
        Map<Long, Integer> edges = new HashMap<>();
        for (int k = 0; k < t.length; k += 3) {
            for (int e = 0; e < 3; e++) {
                int a = t[k + e];
                int b = t[k + (e + 1) % 3];
                long key = Math.min(a, b) * 0x1_0000_0000L + Math.max(a, b);
                edges.merge(key, 1, Integer::sum);
            }
        }
        for (Map.Entry<Long, Integer> edge : edges.entrySet()) {
            if (edge.getValue() % 2 != 0) {
                long key = edge.getKey();
                throw new IllegalArgumentException(meshName + ": --fill volume needs a closed mesh, but the edge between vertices "
                        + (key >>> 32) + " and " + (key & 0xffffffffL) + " belongs to " + edge.getValue() + " triangle"
                        + (edge.getValue() == 1 ? "" : "s") + " (use --fill surface)");
            }
        }
    }

    /** Triangles bucketed by their x-y bounding boxes on a CELLS × CELLS grid. */
    private static final class Buckets {
        private final float[] v;
        private final int[] t;
        private final double x0;
        private final double y0;
        private final double cellX;
        private final double cellY;
        private final int[][] cells = new int[CELLS * CELLS][];

        Buckets(float[] v, int[] t, float[] lo, float[] hi) {
            this.v = v;
            this.t = t;
            this.x0 = lo[0];
            this.y0 = lo[1];
            this.cellX = Math.max(hi[0] - lo[0], 1e-12) / CELLS;
            this.cellY = Math.max(hi[1] - lo[1], 1e-12) / CELLS;
            int[] counts = new int[CELLS * CELLS];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < t.length / 3; k++) {
                    int cx0 = cell(min3(k, 0) - x0, cellX);
                    int cx1 = cell(max3(k, 0) - x0, cellX);
                    int cy0 = cell(min3(k, 1) - y0, cellY);
                    int cy1 = cell(max3(k, 1) - y0, cellY);
                    for (int cy = cy0; cy <= cy1; cy++) {
                        for (int cx = cx0; cx <= cx1; cx++) {
                            int c = cy * CELLS + cx;
                            if (pass == 0) {
                                counts[c]++;
                            } else {
                                cells[c][--counts[c]] = k;
                            }
                        }
                    }
                }
                if (pass == 0) {
                    for (int c = 0; c < cells.length; c++) {
                        cells[c] = new int[counts[c]];
                    }
                }
            }
        }

        private static int cell(double offset, double size) {
            return Math.max(0, Math.min(CELLS - 1, (int) (offset / size)));
        }

        private double min3(int k, int axis) {
            return Math.min(v[3 * t[3 * k] + axis], Math.min(v[3 * t[3 * k + 1] + axis], v[3 * t[3 * k + 2] + axis]));
        }

        private double max3(int k, int axis) {
            return Math.max(v[3 * t[3 * k] + axis], Math.max(v[3 * t[3 * k + 1] + axis], v[3 * t[3 * k + 2] + axis]));
        }

        /** Parity of the crossings of the ray (x, y, z) + s·(0, 0, 1), s > 0. */
        boolean inside(double x, double y, double z) {
            int[] candidates = cells[cell(y - y0, cellY) * CELLS + cell(x - x0, cellX)];
            boolean inside = false;
            for (int k : candidates) {
                int a = 3 * t[3 * k];
                int b = 3 * t[3 * k + 1];
                int c = 3 * t[3 * k + 2];
                // barycentric coordinates of (x, y) in the triangle's x-y projection
                double ax = v[a] - x;
                double ay = v[a + 1] - y;
                double bx = v[b] - x;
                double by = v[b + 1] - y;
                double cx = v[c] - x;
                double cy = v[c + 1] - y;
                double wa = bx * cy - by * cx;
                double wb = cx * ay - cy * ax;
                double wc = ax * by - ay * bx;
                double sum = wa + wb + wc;
                if (sum == 0 || !(wa >= 0 && wb >= 0 && wc >= 0 || wa <= 0 && wb <= 0 && wc <= 0)) {
                    continue;
                }
                double hitZ = (wa * v[a + 2] + wb * v[b + 2] + wc * v[c + 2]) / sum;
                if (hitZ > z) {
                    inside = !inside;
                }
            }
            return inside;
        }
    }
}
