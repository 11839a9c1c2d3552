package io.fluxion.demo.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import java.util.Locale;

/** W2: network evaluations per second while sampling with RK4. */
public final class SamplingWorkload {

    private SamplingWorkload() {
    }

    /** W2: particle evaluations per second, 65 536 particles, RK4 25 steps, 4 × 256. */
    public static void run(Bench bench) {
        MlpArchitecture architecture = MlpArchitecture.of(2, 256, 4);
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 1));
        int n = 65536;
        float[] start = Noise.standardNormal(2 * n, 1);
        float[] x = new float[2 * n];
        OdeSolver rk4 = OdeSolvers.rk4();
        field.evaluate(x, n, 0f, new float[2 * n]);
        double rate = bench.median(() -> {
            System.arraycopy(start, 0, x, 0, x.length);
            long began = System.nanoTime();
            int nfe = rk4.solve(field, x, n, TimeSpan.FORWARD, 25).functionEvaluations();
            return (double) n * nfe / ((System.nanoTime() - began) / 1e9);
        });
        double gflops = rate * architecture.flopsPerEvaluation() / 1e9;
        bench.out().printf(Locale.ROOT, "W2 sampling, 65536 particles, RK4 25 steps, 4x256: %.3g evaluations/s = %.1f GFLOP/s "
                + "= %.2f of W0%n", rate, gflops, gflops / bench.sgemm());
    }
}
