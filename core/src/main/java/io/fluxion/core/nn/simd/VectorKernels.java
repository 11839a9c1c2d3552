package io.fluxion.core.nn.simd;

/**
 * Whether Fluxion's JDK Vector API kernels (SiLU, the plain-Java forward pass) may run: the
 * {@code jdk.incubator.vector} module is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and {@code -Dfluxion.noVectorApi} is not set.
 * Decided once per JVM; thread-safe.
 */
public final class VectorKernels {

    private static final boolean AVAILABLE = !Boolean.getBoolean("fluxion.noVectorApi")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorKernels() {
    }

    /** @return true when the Vector API kernels are used in place of ND4J's ops where they are faster */
    public static boolean available() {
        return AVAILABLE;
    }
}
