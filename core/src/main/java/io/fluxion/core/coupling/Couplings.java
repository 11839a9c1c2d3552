package io.fluxion.core.coupling;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** Factories for {@link Coupling}s; each call returns a new instance with its own buffers. */
public final class Couplings {

    private Couplings() {
    }

    /** Independent coupling: x0 and x1 drawn independently, paired as they come. */
    public static Coupling independent() {
        return new Coupling() {
            @Override
            public String name() {
                return "independent";
            }

            @Override
            public void pair(float[] x0, float[] x1, int n, int d, RandomGenerator random) {
                // rows are already independent draws
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /**
     * Exact minibatch optimal transport: the permutation of x0 minimising the total squared
     * Euclidean distance to x1, by {@link LinearAssignment}.
     */
    public static Coupling exactOt() {
        return new ExactOtCoupling();
    }

    /**
     * Entropic minibatch OT: Sinkhorn's plan for the squared Euclidean cost divided by its
     * maximum, with regularisation {@code epsilon} in [0.01, 10], from which each x1 row draws
     * its x0 partner (with replacement).
     */
    public static Coupling sinkhorn(double epsilon) {
        return new SinkhornCoupling(epsilon);
    }

    /**
     * A coupling by name: {@code independent}, {@code exact-ot} (or {@code ot}), or
     * {@code sinkhorn} / {@code sinkhorn:EPS}.
     */
    public static Coupling byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.equals("independent")) {
            return independent();
        }
        if (key.equals("exact-ot") || key.equals("ot")) {
            return exactOt();
        }
        if (key.equals("sinkhorn")) {
            return sinkhorn(0.05);
        }
        if (key.startsWith("sinkhorn:")) {
            try {
                return sinkhorn(Double.parseDouble(key.substring("sinkhorn:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("coupling '" + name + "': epsilon is not a number", e);
            }
        }
        throw new IllegalArgumentException("unknown coupling '" + name + "' (known: independent, exact-ot, sinkhorn[:EPS])");
    }
}
