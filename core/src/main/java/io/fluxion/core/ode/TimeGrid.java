package io.fluxion.core.ode;

import java.util.Arrays;

/**
 * The points of normalised time s ∈ [0, 1] a solve visits: strictly increasing, from 0 to 1.
 * Fixed-step solvers take one step between neighbours; the adaptive solver stops exactly
 * at each point (and reports it to the observer), choosing its own steps in between.
 * Immutable.
 */
public final class TimeGrid {

    private final double[] points;

    private TimeGrid(double[] points) {
        this.points = points;
    }

    /** The most steps a grid may have (a flow of a million steps is already far past any use). */
    public static final int MAX_STEPS = 1_000_000;

    /** {@code steps} equal steps: s_k = k/steps. */
    public static TimeGrid uniform(int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("TimeGrid: steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        double[] points = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            points[k] = (double) k / steps;
        }
        return new TimeGrid(points);
    }

    /**
     * A custom grid of normalised times: strictly increasing, first 0, last 1. For the
     * shared span 0 → 1 these are the flow times themselves.
     */
    public static TimeGrid of(double... points) {
        if (points.length < 2) {
            throw new IllegalArgumentException("TimeGrid: needs at least two points, got " + points.length);
        }
        if (points[0] != 0 || points[points.length - 1] != 1) {
            throw new IllegalArgumentException("TimeGrid: must start at 0 and end at 1, got "
                    + points[0] + " .. " + points[points.length - 1]);
        }
        for (int k = 1; k < points.length; k++) {
            if (!(points[k] > points[k - 1])) {
                throw new IllegalArgumentException("TimeGrid: points must increase strictly, but point " + k
                        + " is " + points[k] + " after " + points[k - 1]);
            }
        }
        return new TimeGrid(points.clone());
    }

    /** @return the number of intervals (steps of a fixed-step solver). */
    public int steps() {
        return points.length - 1;
    }

    /** @return s_k, 0 ≤ k ≤ steps(). */
    public double point(int k) {
        return points[k];
    }

    @Override
    public String toString() {
        return points.length <= 6 ? "TimeGrid" + Arrays.toString(points) : "TimeGrid[" + steps() + " steps]";
    }
}
