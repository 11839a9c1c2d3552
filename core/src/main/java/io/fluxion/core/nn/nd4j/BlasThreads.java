package io.fluxion.core.nn.nd4j;

import io.fluxion.core.compute.ParallelRanges;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Who runs an ND4J network's batch on several cores. By default Fluxion does: the rows are split
 * over the cores ({@link ParallelRanges}) and each part runs the whole network on its own rows
 * with single-threaded BLAS, so a core reads back the activations it has just written (faster than
 * OpenBLAS threading each product; measurements in the design notes).
 *
 * <p>OpenBLAS's thread count is global: the first ND4J network built sets it to one for the whole
 * process. Only on the CPU backend: on CUDA the products run on the GPU and batches are not split.
 * An application that also uses ND4J's BLAS for large products of its own can keep the library's
 * threading with {@code -Dfluxion.blasThreads=library}, which also turns Fluxion's split off.
 */
public final class BlasThreads {

    /** Fewest rows worth a part of their own: below it a product is too small to be worth a core. */
    static final int MIN_ROWS_PER_PART = 512;

    private static final boolean SPLIT = !"library".equals(System.getProperty("fluxion.blasThreads", "split"))
            && singleThreadedBlas();

    /** Sets BLAS to one thread on the CPU backend; false (no split) on a GPU backend or where it cannot be set. */
    private static boolean singleThreadedBlas() {
        try {
            if (!Nd4j.getBackend().getEnvironment().isCPU()) {
                return false;
            }
            Nd4j.factory().blas().setMaxThreads(1);
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private BlasThreads() {
    }

    /**
     * The smallest part a batch of {@code rows} is split into ({@link ParallelRanges}): {@link #MIN_ROWS_PER_PART},
     * or the whole batch when Fluxion does not split. Sets BLAS up on first call.
     */
    static int minRowsPerPart(int rows) {
        return SPLIT ? MIN_ROWS_PER_PART : Math.max(1, rows);
    }
}
