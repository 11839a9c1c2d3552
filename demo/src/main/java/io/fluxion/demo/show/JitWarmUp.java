package io.fluxion.demo.show;

import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;

/**
 * Starts the JIT on the network forward pass while a drawing command does its other start-up
 * work (parsing, loading the model, making the GL context): a daemon thread evaluates a small
 * SiLU net a few dozen times, so the Vector API classes are initialised and the pass compiled
 * by the time the shown model first runs. Measured: the first 600-sample look at a model took
 * 0.84 s cold, 0.49 s after 0.3 s of warm-up, 0.20 s after it finished (about 0.6 s on 2 cores).
 */
public final class JitWarmUp {

    private JitWarmUp() {
    }

    /** Starts the warm-up and returns at once; a failure only leaves the JIT cold. */
    public static void start() {
        Thread thread = new Thread(() -> {
            try (MlpVelocityField net = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, 64, 2), 0))) {
                float[] x = new float[2 * 256];
                float[] out = new float[2 * 256];
                for (int k = 0; k < 40; k++) {
                    net.evaluate(x, 256, 0.5f, out);
                }
            } catch (RuntimeException | LinkageError e) {
                // nothing to warm: the net will run on whatever engine it gets
            }
        }, "fluxion-jit-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }
}
