package io.fluxion.core.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CouplingsTest {

    private static float[] gaussian(SplittableRandom random, int n, int d, double shift) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() + shift);
        }
        return x;
    }

    private static double pairedCost(float[] x0, float[] x1, int n, int d) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double diff = x0[i * d + k] - x1[i * d + k];
                total += diff * diff;
            }
        }
        return total;
    }

    /** Minimum over all permutations, by enumeration. */
    private static double bruteForce(double[] cost, int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[] best = {Double.POSITIVE_INFINITY};
        permute(perm, 0, cost, n, best);
        return best[0];
    }

    private static void permute(int[] perm, int k, double[] cost, int n, double[] best) {
        if (k == n) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += cost[i * n + perm[i]];
            }
            best[0] = Math.min(best[0], total);
            return;
        }
        for (int i = k; i < n; i++) {
            int tmp = perm[k]; perm[k] = perm[i]; perm[i] = tmp;
            permute(perm, k + 1, cost, n, best);
            tmp = perm[k]; perm[k] = perm[i]; perm[i] = tmp;
        }
    }

    @Test
    void assignmentEqualsBruteForceOnSmallCases() {
        SplittableRandom random = new SplittableRandom(5);
        LinearAssignment assignment = new LinearAssignment();
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(7);
            double[] cost = new double[n * n];
            for (int k = 0; k < cost.length; k++) {
                cost[k] = trial % 2 == 0 ? random.nextDouble() * 10 - 3 : random.nextInt(4); // ties too
            }
            int[] match = new int[n];
            double total = assignment.solve(cost, n, match);
            assertEquals(bruteForce(cost, n), total, 1e-9, "trial " + trial);
            boolean[] used = new boolean[n];
            for (int i = 0; i < n; i++) {
                assertTrue(!used[match[i]], "a permutation");
                used[match[i]] = true;
            }
        }
    }

    @Test
    void exactOtEqualsBruteForceOnPointSets() {
        SplittableRandom random = new SplittableRandom(6);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(6);
            float[] x0 = gaussian(random, n, 2, 0);
            float[] x1 = gaussian(random, n, 2, 1);
            double[] cost = new double[n * n];
            LinearAssignment.squaredDistances(x1, x0, n, 2, cost);
            double expected = bruteForce(cost, n);
            Couplings.exactOt().pair(x0, x1, n, 2, random);
            assertEquals(expected, pairedCost(x0, x1, n, 2), 1e-4, "trial " + trial);
        }
    }

    @Test
    void exactOtNeverCostsMoreThanIndependentAndKeepsThePoints() {
        SplittableRandom random = new SplittableRandom(7);
        Coupling ot = Couplings.exactOt();
        for (int trial = 0; trial < 10; trial++) {
            int n = 256;
            float[] x0 = gaussian(random, n, 3, 0);
            float[] x1 = gaussian(random, n, 3, 0.5);
            float[] original = x0.clone();
            double independent = pairedCost(x0, x1, n, 3);
            ot.pair(x0, x1, n, 3, random);
            assertTrue(pairedCost(x0, x1, n, 3) <= independent + 1e-6);
            assertEquals(multiset(original, 3), multiset(x0, 3), "a permutation of the same rows");
        }
    }

    private static Map<String, Integer> multiset(float[] x, int d) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < x.length / d; i++) {
            counts.merge(Arrays.toString(Arrays.copyOfRange(x, i * d, i * d + d)), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void exactOtOn1024PointsTakesWellUnderASecond() {
        SplittableRandom random = new SplittableRandom(8);
        int n = 1024;
        Coupling ot = Couplings.exactOt();
        float[] x1 = gaussian(random, n, 2, 0);
        ot.pair(gaussian(random, n, 2, 0), x1, n, 2, random); // warm-up (JIT)
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            float[] x0 = gaussian(random, n, 2, 0);
            long start = System.nanoTime();
            ot.pair(x0, x1, n, 2, random);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("exact OT coupling, 1024 x 1024 points in 2-D: %.1f ms (best of 3)%n", best / 1e6);
        assertTrue(best < 500_000_000L, "took " + best / 1e6 + " ms");
    }

    @Test
    void sinkhornApproachesExactOtAsEpsilonShrinks() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 128;
        float[] x1 = gaussian(random, n, 2, 0);
        float[] source = gaussian(random, n, 2, 0);
        double independent = pairedCost(source, x1, n, 2);
        float[] exact = source.clone();
        Couplings.exactOt().pair(exact, x1, n, 2, random);
        double exactCost = pairedCost(exact, x1, n, 2);
        float[] sharp = source.clone();
        Couplings.sinkhorn(0.01).pair(sharp, x1, n, 2, new SplittableRandom(1));
        float[] blurred = source.clone();
        Couplings.sinkhorn(10).pair(blurred, x1, n, 2, new SplittableRandom(1));
        double sharpCost = pairedCost(sharp, x1, n, 2);
        double blurredCost = pairedCost(blurred, x1, n, 2);
        System.out.printf("pairing cost: exact OT %.1f, sinkhorn(0.01) %.1f, sinkhorn(10) %.1f, independent %.1f%n",
                exactCost, sharpCost, blurredCost, independent);
        assertTrue(sharpCost - exactCost < 0.25 * (independent - exactCost), "small epsilon lands near exact OT");
        assertTrue(blurredCost > 0.7 * independent, "large epsilon is close to independent");
        assertTrue(sharpCost < blurredCost);
        // every row of the result is a row of the source
        Map<String, Integer> rows = multiset(source, 2);
        for (int i = 0; i < n; i++) {
            assertTrue(rows.containsKey(Arrays.toString(Arrays.copyOfRange(sharp, 2 * i, 2 * i + 2))));
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Couplings.sinkhorn(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Couplings.byName("greedy"));
        assertTrue(e.getMessage().contains("greedy"));
        assertEquals("exact-ot", Couplings.byName("ot").name());
        assertEquals("sinkhorn:0.1", Couplings.byName("sinkhorn:0.1").name());
    }
}
