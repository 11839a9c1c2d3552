package io.fluxion.demo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's single-precision fused multiply-add peak as Java reaches it through the Vector API:
 * twelve independent accumulator chains per thread (enough to cover two FMA pipes' latency), one
 * thread per core, all at once. On this machine kind it matches a C loop of AVX2 FMAs built with
 * gcc -O2 (about 97 GFLOP/s per core, 2 FMAs per cycle). {@code fluxion bench} uses it for the
 * floor under W3: the time its multiply-adds alone would take at this rate. Needs
 * {@code jdk.incubator.vector}.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {
    }

    /**
     * GFLOP/s of every core together (an FMA counts two FLOPs per lane): the best of three rounds,
     * since on a shared machine a round can only be slowed down (one bench run measured half the
     * rate of every other).
     */
    public static double gflops() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int warm = 0; warm < 20_000; warm++) {
            chains(200, 0.999f); // enough calls for the JIT to compile the method itself, not just its loop
        }
        ExecutorService pool = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "fluxion-fma-peak");
            thread.setDaemon(true);
            return thread;
        });
        try {
            double best = 0;
            for (int round = 0; round < 3; round++) {
                best = Math.max(best, round(pool, cores));
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException e) {
            throw new IllegalStateException("FMA peak: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One round: every core runs the chains at once; GFLOP/s of all together. */
    private static double round(ExecutorService pool, int cores)
            throws InterruptedException, ExecutionException {
        long iterations = 1_000_000L;
        int calls = 40;
        List<Callable<Float>> work = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            work.add(() -> {
                float sum = 0;
                for (int call = 0; call < calls; call++) {
                    sum += chains(iterations, 0.999f);
                }
                return sum;
            });
        }
        long start = System.nanoTime();
        float sink = 0;
        for (Future<Float> result : pool.invokeAll(work)) {
            sink += result.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("FMA peak: NaN");
        }
        return (double) cores * calls * iterations * 12 * 2 * SPECIES.length() / seconds / 1e9;
    }

    /**
     * Twelve chains of a ← c·m + a, the accumulating form the kernels use (C2 emits it as one
     * vfmadd231ps into a's register; the form a ← a·m + c costs a register copy per FMA and
     * measured a third below the machine's peak); returns their sum so the JIT cannot drop them.
     */
    private static float chains(long iterations, float multiplier) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a1 = a0.add(1);
        FloatVector a2 = a0.add(2);
        FloatVector a3 = a0.add(3);
        FloatVector a4 = a0.add(4);
        FloatVector a5 = a0.add(5);
        FloatVector a6 = a0.add(6);
        FloatVector a7 = a0.add(7);
        FloatVector a8 = a0.add(8);
        FloatVector a9 = a0.add(9);
        FloatVector a10 = a0.add(10);
        FloatVector a11 = a0.add(11);
        FloatVector m = FloatVector.broadcast(SPECIES, multiplier);
        FloatVector c = FloatVector.broadcast(SPECIES, 0.001f);
        for (long i = 0; i < iterations; i++) {
            a0 = c.fma(m, a0);
            a1 = c.fma(m, a1);
            a2 = c.fma(m, a2);
            a3 = c.fma(m, a3);
            a4 = c.fma(m, a4);
            a5 = c.fma(m, a5);
            a6 = c.fma(m, a6);
            a7 = c.fma(m, a7);
            a8 = c.fma(m, a8);
            a9 = c.fma(m, a9);
            a10 = c.fma(m, a10);
            a11 = c.fma(m, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
