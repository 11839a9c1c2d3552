package io.fluxion.demo.bench;

import java.io.PrintWriter;
import java.util.Arrays;
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

    /** The median of values (the upper one of an even count); sorts a copy. */
    public static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
