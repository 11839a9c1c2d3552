package io.fluxion.demo.bench;

import java.util.Locale;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** W0: OpenBLAS's sgemm rate, measured first, the reference the other workloads are divided by. */
public final class SgemmWorkload {

    private SgemmWorkload() {
    }

    /**
     * W0: sgemm 65536×256 · 256×256 into a preallocated output, GFLOP/s, with BLAS threaded over
     * every core as the library does it (Fluxion's own networks run BLAS single-threaded on split
     * batches; the thread count is restored afterwards).
     */
    public static double run(Bench bench) {
        Blas blas = Nd4j.factory().blas();
        int threadsBefore = blas.getMaxThreads();
        blas.setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            double rate = sgemmRate(bench);
            bench.sgemm(rate);
            return rate;
        } finally {
            blas.setMaxThreads(threadsBefore);
        }
    }
    private static double sgemmRate(Bench bench) {
        INDArray a = Nd4j.rand(DataType.FLOAT, 65536, 256);
        INDArray b = Nd4j.rand(DataType.FLOAT, 256, 256);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {65536, 256}, 'c');
        for (int warm = 0; warm < 3; warm++) {
            Nd4j.gemm(a, b, c, false, false, 1, 0);
        }
        double flops = 2.0 * 65536 * 256 * 256;
        double rate = bench.median(() -> {
            long start = System.nanoTime();
            for (int k = 0; k < 5; k++) {
                Nd4j.gemm(a, b, c, false, false, 1, 0);
            }
            return 5 * flops / ((System.nanoTime() - start) / 1e9) / 1e9;
        });
        bench.out().printf(Locale.ROOT, "W0 BLAS limit: sgemm 65536x256 . 256x256: %.1f GFLOP/s%n", rate);
        return rate;
    }
}
