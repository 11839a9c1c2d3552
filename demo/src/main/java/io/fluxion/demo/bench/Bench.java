package io.fluxion.demo.bench;

import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.metrics.Wasserstein;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * What every workload of {@code fluxion bench} shares: where to print, how many repetitions a
 * figure is the median of, the W1 step count, and the same-run sgemm rate (W0) that figures are
 * divided by. Used by one thread.
 */
public final class Bench {

    private final PrintWriter out;
    private final int repeats;
    private final int w1Steps;
    private double sgemm = Double.NaN;

    /**
     * @param repeats repetitions per figure (at least 1)
     * @param w1Steps timed training steps of W1 (at least 1)
     */
    public Bench(PrintWriter out, int repeats, int w1Steps) {
        if (repeats < 1 || w1Steps < 1) {
            throw new IllegalArgumentException("--repeats and --w1-steps must be >= 1");
        }
        this.out = out;
        this.repeats = repeats;
        this.w1Steps = w1Steps;
    }

    public PrintWriter out() {
        return out;
    }

    public int repeats() {
        return repeats;
    }

    public int w1Steps() {
        return w1Steps;
    }

    /** @return W0, the sgemm rate measured by this bench in GFLOP/s (NaN before {@link SgemmWorkload} ran) */
    public double sgemm() {
        return sgemm;
    }

    void sgemm(double rate) {
        this.sgemm = rate;
    }

    /** @return the median of {@link #repeats()} measurements */
    public double median(DoubleSupplier measurement) {
        double[] values = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            values[r] = measurement.getAsDouble();
        }
        return middle(values);
    }

    /**
     * Median milliseconds of one Euler step of n particles [n, d] through {@code field}, after 20
     * warm-up steps (the JIT compiles the pass for this shape first).
     */
    public double eulerStepMillis(VelocityField field, int n) {
        float[] x = Noise.standardNormal(field.dimension() * n, field.dimension());
        OdeSolver euler = OdeSolvers.euler();
        for (int warm = 0; warm < 20; warm++) {
            euler.solve(field, x, n, TimeSpan.of(0, 0.01), 1);
        }
        return median(() -> {
            long begin = System.nanoTime();
            euler.solve(field, x, n, TimeSpan.of(0.5, 0.51), 1);
            return (System.nanoTime() - begin) / 1e6;
        });
    }

    /** Exact W2 between m RK4 samples (25 steps) of {@code model} and fresh data, mean over {@code draws} draws. */
    public static double meanW2(Model model, PointSource data, int m, int draws) {
        return meanW2(model, data, "rk4", 25, m, draws);
    }

    /** {@link #meanW2(Model, PointSource, int, int)} with the model sampled by {@code solver} in {@code steps} steps. */
    public static double meanW2(Model model, PointSource data, String solver, int steps, int m, int draws) {
        double sum = 0;
        for (int r = 0; r < draws; r++) {
            float[] fresh = data.sample(m, 10 + r);
            sum += Wasserstein.exact(model.sample(m, OdeSolvers.byName(solver), TimeGrid.uniform(steps), new SplittableRandom(r)),
                    fresh, m, data.dimension());
        }
        return sum / draws;
    }

    /** The data-vs-data floor of {@link #meanW2}: W2 between two fresh draws of m points, mean over {@code draws}. */
    public static double meanFloor(PointSource data, int m, int draws) {
        double sum = 0;
        for (int r = 0; r < draws; r++) {
            sum += Wasserstein.exact(data.sample(m, 100 + r), data.sample(m, 10 + r), m, data.dimension());
        }
        return sum / draws;
    }

    /** The median of values (the upper one of an even count); sorts a copy. */
    public static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
