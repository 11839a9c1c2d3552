package io.fluxion.core.ode;

import java.util.Objects;

/**
 * Where an integration starts and ends in flow time: one shared interval [t0 → t1] for the
 * whole batch, or one interval per particle ({@code start [n]}, {@code end [n]}). Forward
 * (noise → data) is t0 &lt; t1, backward (data → noise) is t0 &gt; t1.
 *
 * <p>Solvers integrate in a normalised time s ∈ [0, 1] with t_i(s) = start_i + s·(end_i − start_i)
 * and dx/ds = (end_i − start_i)·v(x, t_i(s)), so a shared and a per-particle span step the same way.
 * Immutable for a shared span; a per-particle span keeps references to the caller's arrays,
 * which must not change during a solve.
 */
public final class TimeSpan {

    /** Noise to data: t from 0 to 1. */
    public static final TimeSpan FORWARD = new TimeSpan(0, 1, null, null);
    /** Data to noise: t from 1 to 0. */
    public static final TimeSpan BACKWARD = new TimeSpan(1, 0, null, null);

    private final double start;
    private final double end;
    private final float[] starts;
    private final float[] ends;

    private TimeSpan(double start, double end, float[] starts, float[] ends) {
        this.start = start;
        this.end = end;
        this.starts = starts;
        this.ends = ends;
    }

    /** One shared interval from t0 to t1 (both finite). */
    public static TimeSpan of(double t0, double t1) {
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("TimeSpan: times must be finite, got " + t0 + " -> " + t1);
        }
        return new TimeSpan(t0, t1, null, null);
    }

    /** One interval per particle: particle i goes from {@code starts[i]} to {@code ends[i]}. */
    public static TimeSpan perParticle(float[] starts, float[] ends) {
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(ends, "ends");
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("TimeSpan: starts has " + starts.length + " entries, ends " + ends.length);
        }
        return new TimeSpan(Double.NaN, Double.NaN, starts, ends);
    }

    /** @return true when every particle shares one interval. */
    public boolean isShared() {
        return starts == null;
    }

    /** @return t0 of a shared span. */
    public double start() {
        requireShared();
        return start;
    }

    /** @return t1 of a shared span. */
    public double end() {
        requireShared();
        return end;
    }

    /** @return the flow time at normalised time s of a shared span. */
    public double timeAt(double fraction) {
        requireShared();
        return start + fraction * (end - start);
    }

    /** @return the flow time of particle i at normalised time s. */
    public double timeAt(int particle, double fraction) {
        if (starts == null) {
            return timeAt(fraction);
        }
        return starts[particle] + fraction * (ends[particle] - starts[particle]);
    }

    /** @return t1 − t0 of particle i. */
    public double length(int particle) {
        return starts == null ? end - start : ends[particle] - starts[particle];
    }

    void requireParticles(int n) {
        if (starts != null && starts.length < n) {
            throw new IllegalArgumentException("TimeSpan: per-particle times have " + starts.length
                    + " entries for " + n + " particles");
        }
    }

    private void requireShared() {
        if (starts != null) {
            throw new IllegalStateException("TimeSpan: per-particle span has no shared time");
        }
    }

    /** Describes t at normalised time s, for error messages. */
    String describeTime(double fraction) {
        return starts == null ? "t = " + timeAt(fraction) : "s = " + fraction + " (per-particle times)";
    }

    @Override
    public String toString() {
        return starts == null ? "TimeSpan[" + start + " -> " + end + "]" : "TimeSpan[per particle, " + starts.length + "]";
    }
}
