package io.fluxion.core.ode;

import io.fluxion.core.field.VelocityField;

/** A method with a fixed number of stages per step, stepping between grid points. */
abstract class FixedStepSolver extends BufferedSolver {

    private final String name;
    private final int evaluationsPerStep;

    FixedStepSolver(String name, int evaluationsPerStep) {
        super(evaluationsPerStep);
        this.name = name;
        this.evaluationsPerStep = evaluationsPerStep;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int evaluationsPerStep() {
        return evaluationsPerStep;
    }

    /** Advances x [n, d] in place from normalised time s to s + ds. Buffers are sized. */
    abstract void step(VelocityField field, float[] x, int n, TimeSpan span, double s, double ds);

    @Override
    public final OdeResult solve(VelocityField field, float[] x, int n, TimeSpan span, TimeGrid grid,
                                 StepObserver observer) {
        validate(field, x, n, span, name);
        ensureCapacity(n, field.dimension());
        if (observer != null) {
            observer.onStep(0, 0, x, n);
        }
        for (int k = 0; k < grid.steps(); k++) {
            double s = grid.point(k);
            step(field, x, n, span, s, grid.point(k + 1) - s);
            if (observer != null) {
                observer.onStep(k + 1, grid.point(k + 1), x, n);
            }
        }
        return new OdeResult(grid.steps() * evaluationsPerStep, grid.steps(), 0);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Forward Euler, order 1: x += ds·k1. */
    static final class Euler extends FixedStepSolver {
        Euler() {
            super("euler", 1);
        }

        @Override
        void step(VelocityField field, float[] x, int n, TimeSpan span, double s, double ds) {
            float[] k1 = stages[0];
            derivative(field, x, n, span, s, k1);
            axpy(x, x, (float) ds, k1, n * field.dimension());
        }
    }

    /** Explicit midpoint, order 2. */
    static final class Midpoint extends FixedStepSolver {
        Midpoint() {
            super("midpoint", 2);
        }

        @Override
        void step(VelocityField field, float[] x, int n, TimeSpan span, double s, double ds) {
            int size = n * field.dimension();
            float[] k1 = stages[0];
            float[] k2 = stages[1];
            derivative(field, x, n, span, s, k1);
            axpy(work, x, (float) (ds / 2), k1, size);
            derivative(field, work, n, span, s + ds / 2, k2);
            axpy(x, x, (float) ds, k2, size);
        }
    }

    /** Heun (explicit trapezoid), order 2. */
    static final class Heun extends FixedStepSolver {
        Heun() {
            super("heun", 2);
        }

        @Override
        void step(VelocityField field, float[] x, int n, TimeSpan span, double s, double ds) {
            int size = n * field.dimension();
            float[] k1 = stages[0];
            float[] k2 = stages[1];
            derivative(field, x, n, span, s, k1);
            axpy(work, x, (float) ds, k1, size);
            derivative(field, work, n, span, s + ds, k2);
            float half = (float) (ds / 2);
            for (int j = 0; j < size; j++) {
                x[j] += half * (k1[j] + k2[j]);
            }
        }
    }

    /** The classical Runge–Kutta method, order 4. */
    static final class RungeKutta4 extends FixedStepSolver {
        RungeKutta4() {
            super("rk4", 4);
        }

        @Override
        void step(VelocityField field, float[] x, int n, TimeSpan span, double s, double ds) {
            int size = n * field.dimension();
            float[] k1 = stages[0];
            float[] k2 = stages[1];
            float[] k3 = stages[2];
            float[] k4 = stages[3];
            float h = (float) ds;
            derivative(field, x, n, span, s, k1);
            axpy(work, x, h / 2, k1, size);
            derivative(field, work, n, span, s + ds / 2, k2);
            axpy(work, x, h / 2, k2, size);
            derivative(field, work, n, span, s + ds / 2, k3);
            axpy(work, x, h, k3, size);
            derivative(field, work, n, span, s + ds, k4);
            float sixth = h / 6;
            for (int j = 0; j < size; j++) {
                x[j] += sixth * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            }
        }
    }
}
