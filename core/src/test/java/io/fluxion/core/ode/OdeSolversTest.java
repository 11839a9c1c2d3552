package io.fluxion.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.field.VelocityField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OdeSolversTest {

    /** v = A·x with A = [[a, −w], [w, a]]: x(t) = e^{a t}·R(w t)·x(0). */
    static final class LinearField implements VelocityField {
        final double a;
        final double w;

        LinearField(double a, double w) {
            this.a = a;
            this.w = w;
        }

        @Override public int dimension() { return 2; }

        @Override
        public void evaluate(float[] x, int n, float t, float[] out) {
            for (int i = 0; i < n; i++) {
                float x0 = x[2 * i];
                float x1 = x[2 * i + 1];
                out[2 * i] = (float) (a * x0 - w * x1);
                out[2 * i + 1] = (float) (w * x0 + a * x1);
            }
        }

        @Override
        public void evaluate(float[] x, int n, float[] t, float[] out) {
            evaluate(x, n, 0f, out);
        }

        double[] exact(double x0, double y0, double t) {
            double g = Math.exp(a * t);
            return new double[] {g * (Math.cos(w * t) * x0 - Math.sin(w * t) * y0),
                g * (Math.sin(w * t) * x0 + Math.cos(w * t) * y0)};
        }
    }

    /** v = 3t² (independent of x): x(t) = x(0) + t³. */
    static final class CubicField implements VelocityField {
        @Override public int dimension() { return 1; }

        @Override
        public void evaluate(float[] x, int n, float t, float[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = 3 * t * t;
            }
        }

        @Override
        public void evaluate(float[] x, int n, float[] t, float[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = 3 * t[i] * t[i];
            }
        }
    }

    private static double linearError(OdeSolver solver, LinearField field, int steps) {
        float[] x = {1f, 0f};
        solver.solve(field, x, 1, TimeSpan.FORWARD, steps);
        double[] exact = field.exact(1, 0, 1);
        return Math.hypot(x[0] - exact[0], x[1] - exact[1]);
    }

    /** Order measured from the errors at N and 2N steps, averaged over a few N. */
    static double measuredOrder(Supplier<OdeSolver> solver, int... stepCounts) {
        LinearField field = new LinearField(-0.5, 2.0);
        double sum = 0;
        for (int steps : stepCounts) {
            double coarse = linearError(solver.get(), field, steps);
            double fine = linearError(solver.get(), field, 2 * steps);
            sum += Math.log(coarse / fine) / Math.log(2);
        }
        return sum / stepCounts.length;
    }

    @Test
    void fixedStepMethodsConvergeAtTheirOrder() {
        Map<String, Double> orders = new java.util.LinkedHashMap<>();
        orders.put("euler", measuredOrder(OdeSolvers::euler, 32, 64, 128));
        orders.put("midpoint", measuredOrder(OdeSolvers::midpoint, 16, 32, 64));
        orders.put("heun", measuredOrder(OdeSolvers::heun, 16, 32, 64));
        orders.put("rk4", measuredOrder(OdeSolvers::rk4, 4, 8, 16));
        System.out.println("measured convergence orders on v = A x: " + orders);
        assertEquals(1, orders.get("euler"), 0.1);
        assertEquals(2, orders.get("midpoint"), 0.15);
        assertEquals(2, orders.get("heun"), 0.15);
        assertEquals(4, orders.get("rk4"), 0.25);
    }

    @Test
    void cubicInTimeHasTheExpectedErrors() {
        // x(1) = x(0) + 1. Euler: error 3/(2N) − 1/(2N²); RK4 (Simpson) is exact for polynomials of degree ≤ 3.
        CubicField field = new CubicField();
        float[] x = {0f};
        OdeSolvers.euler().solve(field, x, 1, TimeSpan.FORWARD, 10);
        assertEquals(1 - 3.0 / 20 + 1.0 / 200, x[0], 1e-6);
        x[0] = 0;
        OdeSolvers.rk4().solve(field, x, 1, TimeSpan.FORWARD, 3);
        assertEquals(1, x[0], 1e-6);
        x[0] = 0;
        OdeSolvers.midpoint().solve(field, x, 1, TimeSpan.FORWARD, 10);
        assertEquals(1 - 1.0 / 400, x[0], 1e-6); // midpoint rule error −h²/4 for ∫3t²
        x[0] = 0;
        OdeSolvers.heun().solve(field, x, 1, TimeSpan.FORWARD, 10);
        assertEquals(1 + 1.0 / 200, x[0], 1e-6); // trapezoid error +h²/2
    }

    @Test
    void functionEvaluationsAreCounted() {
        CubicField field = new CubicField();
        assertEquals(10, OdeSolvers.euler().solve(field, new float[1], 1, TimeSpan.FORWARD, 10).functionEvaluations());
        assertEquals(20, OdeSolvers.midpoint().solve(field, new float[1], 1, TimeSpan.FORWARD, 10).functionEvaluations());
        assertEquals(20, OdeSolvers.heun().solve(field, new float[1], 1, TimeSpan.FORWARD, 10).functionEvaluations());
        assertEquals(40, OdeSolvers.rk4().solve(field, new float[1], 1, TimeSpan.FORWARD, 10).functionEvaluations());
        OdeResult adaptive = OdeSolvers.dopri5(1e-6, 1e-6).solve(new LinearField(-0.5, 2), new float[] {1, 0}, 1,
                TimeSpan.FORWARD, 1);
        assertEquals(1 + 6 * (adaptive.acceptedSteps() + adaptive.rejectedSteps()), adaptive.functionEvaluations());
        for (OdeSolver solver : List.of(OdeSolvers.euler(), OdeSolvers.midpoint(), OdeSolvers.heun(), OdeSolvers.rk4())) {
            assertEquals(10 * solver.evaluationsPerStep(),
                    solver.solve(field, new float[1], 1, TimeSpan.FORWARD, 10).functionEvaluations(), solver.name());
        }
        assertEquals(6, OdeSolvers.dopri5(1e-6, 1e-6).evaluationsPerStep());
    }

    @Test
    void dopri5MeetsItsTolerance() {
        LinearField field = new LinearField(-0.5, 6.0);
        for (double tolerance : new double[] {1e-3, 1e-4, 1e-5}) {
            float[] x = {1f, 0.5f};
            OdeResult result = OdeSolvers.dopri5(tolerance, tolerance).solve(field, x, 1, TimeSpan.FORWARD, 1);
            double[] exact = field.exact(1, 0.5, 1);
            double error = Math.hypot(x[0] - exact[0], x[1] - exact[1]);
            System.out.printf("dopri5 tol %.0e: error %.2e, NFE %d%n", tolerance, error, result.functionEvaluations());
            assertTrue(error < 5 * tolerance, "error " + error + " at tolerance " + tolerance);
        }
    }

    @Test
    void dopri5EndsWithAClearErrorInsteadOfHanging() {
        // v = 1/(0.5 − t)² blows up at t = 0.5: the step size must hit the floor, not loop
        VelocityField blowUp = new VelocityField() {
            @Override public int dimension() { return 1; }
            @Override public void evaluate(float[] x, int n, float t, float[] out) {
                out[0] = (float) (1 / ((0.5 - t) * (0.5 - t)));
            }
            @Override public void evaluate(float[] x, int n, float[] t, float[] out) {
                evaluate(x, n, t[0], out);
            }
        };
        OdeSolverException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(OdeSolverException.class,
                () -> OdeSolvers.dopri5(1e-6, 1e-6).solve(blowUp, new float[1], 1, TimeSpan.FORWARD, 1)));
        assertTrue(e.getMessage().contains("t = 0.4") || e.getMessage().contains("t = 0.5"), e.getMessage());
        assertTrue(e.getMessage().contains("step size"), e.getMessage());

        VelocityField notFinite = new VelocityField() {
            @Override public int dimension() { return 1; }
            @Override public void evaluate(float[] x, int n, float t, float[] out) {
                out[0] = t > 0.3f ? Float.NaN : 1f;
            }
            @Override public void evaluate(float[] x, int n, float[] t, float[] out) {
                evaluate(x, n, t[0], out);
            }
        };
        e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(OdeSolverException.class,
                () -> OdeSolvers.dopri5(1e-5, 1e-5).solve(notFinite, new float[1], 1, TimeSpan.FORWARD, 1)));
        assertTrue(e.getMessage().contains("t = 0.3"), e.getMessage());

        OdeSolverException capped = assertThrows(OdeSolverException.class, () -> OdeSolvers.dopri5(1e-12, 1e-12, 1e-12, 50)
                .solve(new LinearField(0, 50), new float[] {1, 0}, 1, TimeSpan.FORWARD, 1));
        assertTrue(capped.getMessage().contains("more than 50 evaluations"), capped.getMessage());
    }

    @Test
    void backwardUndoesForward() {
        LinearField field = new LinearField(-0.3, 3);
        float[] x = {0.4f, -1.2f, 2f, 0.1f};
        float[] start = x.clone();
        OdeSolvers.rk4().solve(field, x, 2, TimeSpan.FORWARD, 100);
        OdeSolvers.rk4().solve(field, x, 2, TimeSpan.BACKWARD, 100);
        for (int k = 0; k < 4; k++) {
            assertEquals(start[k], x[k], 1e-5);
        }
    }

    @Test
    void perParticleSpansIntegrateEachParticleOverItsOwnInterval() {
        CubicField field = new CubicField();
        float[] starts = {0f, 0.5f, 1f, 0.2f};
        float[] ends = {1f, 1f, 0f, 0.7f};
        for (Supplier<OdeSolver> solver : List.<Supplier<OdeSolver>>of(OdeSolvers::rk4, () -> OdeSolvers.dopri5(1e-7, 1e-7))) {
            float[] x = new float[4];
            solver.get().solve(field, x, 4, TimeSpan.perParticle(starts, ends), TimeGrid.uniform(5), null);
            for (int i = 0; i < 4; i++) {
                double expected = Math.pow(ends[i], 3) - Math.pow(starts[i], 3);
                assertEquals(expected, x[i], 1e-5, "particle " + i);
            }
        }
    }

    @Test
    void customGridAndObserverSeeEveryPoint() {
        CubicField field = new CubicField();
        TimeGrid grid = TimeGrid.of(0, 0.1, 0.5, 1);
        for (Supplier<OdeSolver> solver : List.<Supplier<OdeSolver>>of(OdeSolvers::rk4, () -> OdeSolvers.dopri5(1e-7, 1e-7))) {
            List<double[]> seen = new ArrayList<>();
            float[] x = {0f};
            solver.get().solve(field, x, 1, TimeSpan.FORWARD, grid, (k, s, state, n) -> seen.add(new double[] {k, s, state[0]}));
            assertEquals(4, seen.size());
            for (int k = 0; k < 4; k++) {
                assertEquals(k, seen.get(k)[0]);
                assertEquals(grid.point(k), seen.get(k)[1], 0);
                assertEquals(Math.pow(grid.point(k), 3), seen.get(k)[2], 1e-6, solver.get().name() + " at point " + k);
            }
        }
    }

    @Test
    void sharedSpanOtherThanZeroToOne() {
        CubicField field = new CubicField();
        float[] x = {0f};
        OdeSolvers.rk4().solve(field, x, 1, TimeSpan.of(0.25, 0.75), 4);
        assertEquals(Math.pow(0.75, 3) - Math.pow(0.25, 3), x[0], 1e-6);
    }

    @Test
    void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.uniform(0));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.of(0, 0.5, 0.4, 1));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.of(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> OdeSolvers.dopri5(0, 1e-5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OdeSolvers.byName("leapfrog"));
        assertTrue(e.getMessage().contains("leapfrog"));
        assertThrows(IllegalArgumentException.class,
                () -> OdeSolvers.euler().solve(new LinearField(0, 1), new float[3], 2, TimeSpan.FORWARD, 1));
    }

    @Test
    void buffersAreReusedBetweenCalls() {
        OdeSolver solver = OdeSolvers.rk4();
        LinearField field = new LinearField(0, 1);
        solver.solve(field, new float[200], 100, TimeSpan.FORWARD, 2);
        float[][] before = ((BufferedSolver) solver).stages;
        solver.solve(field, new float[100], 50, TimeSpan.FORWARD, 2);
        assertTrue(before == ((BufferedSolver) solver).stages, "stage buffers kept for a smaller batch");
    }
}
