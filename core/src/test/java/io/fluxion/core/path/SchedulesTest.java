package io.fluxion.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    /** A schedule and its closed forms α(t), σ(t), α'(t), σ'(t), written out independently. */
    record Closed(Schedule schedule, DoubleUnaryOperator alpha, DoubleUnaryOperator sigma,
                  DoubleUnaryOperator alphaDot, DoubleUnaryOperator sigmaDot) {
        @Override
        public String toString() {
            return schedule.describe();
        }
    }

    static Stream<Arguments> schedules() {
        double sm = 0.05;
        double b0 = 0.1;
        double b1 = 20;
        DoubleUnaryOperator vpAlpha = t -> Math.exp(-0.5 * (b0 * (1 - t) + 0.5 * (b1 - b0) * (1 - t) * (1 - t)));
        DoubleUnaryOperator vpAlphaDot = t -> vpAlpha.applyAsDouble(t) * 0.5 * (b0 + (b1 - b0) * (1 - t));
        double s0 = 0.01;
        double s1 = 80;
        return Stream.of(
                new Closed(Schedules.condOt(0), t -> t, t -> 1 - t, t -> 1, t -> -1),
                new Closed(Schedules.condOt(sm), t -> t, t -> 1 - (1 - sm) * t, t -> 1, t -> -(1 - sm)),
                new Closed(Schedules.cosine(), t -> Math.sin(Math.PI * t / 2), t -> Math.cos(Math.PI * t / 2),
                        t -> Math.PI / 2 * Math.cos(Math.PI * t / 2), t -> -Math.PI / 2 * Math.sin(Math.PI * t / 2)),
                new Closed(Schedules.vp(b0, b1), vpAlpha,
                        t -> Math.sqrt(1 - Math.pow(vpAlpha.applyAsDouble(t), 2)), vpAlphaDot,
                        t -> -vpAlpha.applyAsDouble(t) * vpAlphaDot.applyAsDouble(t)
                                / Math.sqrt(1 - Math.pow(vpAlpha.applyAsDouble(t), 2))),
                new Closed(Schedules.ve(s0, s1), t -> 1, t -> s0 * Math.pow(s1 / s0, 1 - t), t -> 0,
                        t -> -Math.log(s1 / s0) * s0 * Math.pow(s1 / s0, 1 - t)),
                new Closed(Schedules.polynomial(3), t -> t * t * t, t -> 1 - t * t * t, t -> 3 * t * t, t -> -3 * t * t))
                .map(Arguments::of);
    }

    private static final double[] INTERIOR = {0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99};

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void valuesAndDerivativesMatchClosedForms(Closed c) {
        for (double t : INTERIOR) {
            assertEquals(c.alpha().applyAsDouble(t), c.schedule().alpha(t), 1e-12, "alpha at " + t);
            assertEquals(c.sigma().applyAsDouble(t), c.schedule().sigma(t), 1e-12, "sigma at " + t);
            assertEquals(c.alphaDot().applyAsDouble(t), c.schedule().alphaDerivative(t), 1e-9, "alpha' at " + t);
            assertEquals(c.sigmaDot().applyAsDouble(t), c.schedule().sigmaDerivative(t),
                    1e-9 * Math.max(1, Math.abs(c.sigmaDot().applyAsDouble(t))), "sigma' at " + t);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void derivativesMatchFiniteDifferences(Closed c) {
        Schedule s = c.schedule();
        double h = 1e-6;
        for (double t : INTERIOR) {
            double alphaFd = (s.alpha(t + h) - s.alpha(t - h)) / (2 * h);
            double sigmaFd = (s.sigma(t + h) - s.sigma(t - h)) / (2 * h);
            assertEquals(alphaFd, s.alphaDerivative(t), 1e-6 * Math.max(1, Math.abs(alphaFd)), "alpha' at " + t);
            assertEquals(sigmaFd, s.sigmaDerivative(t), 1e-6 * Math.max(1, Math.abs(sigmaFd)), "sigma' at " + t);
            assertEquals(s.sigma(t) * s.sigmaDerivative(t), s.sigmaTimesSigmaDerivative(t), 1e-9, "sigma*sigma' at " + t);
        }
    }

    @Test
    void endPointsPutTheSourceAtZeroAndTheDataAtOne() {
        for (Schedule s : List.of(Schedules.condOt(0), Schedules.cosine(), Schedules.polynomial(2))) {
            assertEquals(0, s.alpha(0), 1e-15, s.describe());
            assertEquals(1, s.sigma(0), 1e-15, s.describe());
            assertEquals(1, s.alpha(1), 1e-15, s.describe());
            assertEquals(0, s.sigma(1), 1e-15, s.describe());
        }
        assertEquals(0.05, Schedules.condOt(0.05).sigma(1), 1e-15);
        Schedule vp = Schedules.vp(0.1, 20);
        assertEquals(1, vp.alpha(1), 0);
        assertEquals(0, vp.sigma(1), 0);
        assertTrue(vp.alpha(0) < 0.01, "VP starts near pure noise");
        assertEquals(1, vp.sigma(0), 1e-4);
        assertTrue(Double.isInfinite(vp.sigmaDerivative(1)), "VP sigma' is unbounded at the data end");
        assertEquals(-vp.alpha(1) * vp.alphaDerivative(1), vp.sigmaTimesSigmaDerivative(1), 1e-12);
        assertTrue(Double.isFinite(vp.sigmaTimesSigmaDerivative(1)));
        Schedule ve = Schedules.ve(0.01, 80);
        assertEquals(80, ve.sigma(0), 1e-9);
        assertEquals(0.01, ve.sigma(1), 1e-15);
    }

    @Test
    void vpKeepsVarianceOne() {
        Schedule vp = Schedules.vp(0.1, 20);
        for (double t : INTERIOR) {
            assertEquals(1, vp.alpha(t) * vp.alpha(t) + vp.sigma(t) * vp.sigma(t), 1e-12);
        }
    }

    @Test
    void describeParsesBackToTheSameSchedule() {
        for (Schedule s : List.of(Schedules.condOt(0.01), Schedules.cosine(), Schedules.vp(0.2, 15),
                Schedules.ve(0.02, 50), Schedules.polynomial(2.5))) {
            Schedule parsed = Schedules.parse(s.describe());
            assertEquals(s.describe(), parsed.describe());
            assertEquals(s.alpha(0.3), parsed.alpha(0.3), 0);
            assertEquals(s.sigma(0.3), parsed.sigma(0.3), 0);
        }
    }

    @Test
    void badParametersAreRejectedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedules.condOt(1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedules.vp(0, 20));
        assertThrows(IllegalArgumentException.class, () -> Schedules.ve(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedules.polynomial(-1));
        e = assertThrows(IllegalArgumentException.class, () -> Schedules.parse("warp(9)"));
        assertTrue(e.getMessage().contains("warp"), e.getMessage());
    }
}
