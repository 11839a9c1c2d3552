package io.fluxion.core.path;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Factories for the schedules of Lipman et al., "Flow Matching Guide and Code", arXiv 2412.06264
 * and Meta's flow_matching library, all with
 * t = 0 the source and t = 1 the data. Every returned schedule is immutable and thread-safe.
 */
public final class Schedules {

    private Schedules() {
    }

    /**
     * Conditional optimal transport (Lipman et al., "Flow Matching for Generative Modeling",
     * arXiv 2210.02747): α_t = t, σ_t = 1 − (1 − σ_min)·t.
     *
     * @param sigmaMin the standard deviation left at t = 1, in [0, 1)
     */
    public static Schedule condOt(double sigmaMin) {
        if (!(sigmaMin >= 0 && sigmaMin < 1)) {
            throw new IllegalArgumentException("condOt: sigmaMin must be in [0, 1), got " + sigmaMin);
        }
        return new CondOtSchedule(sigmaMin);
    }

    /** Cosine: α_t = sin(πt/2), σ_t = cos(πt/2). */
    public static Schedule cosine() {
        return new CosineSchedule();
    }

    /**
     * Variance-preserving diffusion (Song et al., "Score-Based Generative Modeling through
     * Stochastic Differential Equations", arXiv 2011.13456; time reversed so that t = 1 is the data):
     * α_t = exp(−½·T(1 − t)) with T(s) = β_min·s + ½(β_max − β_min)·s², and σ_t = √(1 − α_t²).
     *
     * @param betaMin the noise rate at the data end, &gt; 0 (0.1 is usual)
     * @param betaMax the noise rate at the noise end, ≥ betaMin (20 is usual)
     */
    public static Schedule vp(double betaMin, double betaMax) {
        if (!(betaMin > 0 && betaMax >= betaMin && Double.isFinite(betaMax))) {
            throw new IllegalArgumentException(
                    "vp: need 0 < betaMin <= betaMax < infinity, got betaMin=" + betaMin + ", betaMax=" + betaMax);
        }
        return new VpSchedule(betaMin, betaMax);
    }

    /**
     * Variance-exploding diffusion (Song et al., arXiv 2011.13456; time reversed): α_t = 1,
     * σ_t = σ_min·(σ_max/σ_min)^(1 − t). The source at t = 0 is then x1 + σ_max·x0, which
     * samplers approximate by N(0, σ_max²·I).
     */
    public static Schedule ve(double sigmaMin, double sigmaMax) {
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException(
                    "ve: need 0 < sigmaMin < sigmaMax < infinity, got sigmaMin=" + sigmaMin + ", sigmaMax=" + sigmaMax);
        }
        return new VeSchedule(sigmaMin, sigmaMax);
    }

    /** Polynomial-convex: α_t = tⁿ, σ_t = 1 − tⁿ. {@code polynomial(1)} is CondOT with σ_min = 0. */
    public static Schedule polynomial(double exponent) {
        if (!(exponent > 0 && Double.isFinite(exponent))) {
            throw new IllegalArgumentException("polynomial: exponent must be > 0, got " + exponent);
        }
        return new PolynomialSchedule(exponent);
    }

    /**
     * Parses the form written by {@link Schedule#describe()}, e.g. {@code condot(sigmaMin=0.0)},
     * {@code cosine}, {@code vp(betaMin=0.1,betaMax=20.0)}, {@code ve(sigmaMin=0.01,sigmaMax=80.0)},
     * {@code polynomial(n=2.0)}.
     *
     * @throws IllegalArgumentException naming the text when it is not a known schedule
     */
    public static Schedule parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        String name = s.contains("(") ? s.substring(0, s.indexOf('(')) : s;
        Map<String, Double> args = new HashMap<>();
        if (s.contains("(")) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("schedule '" + text + "': missing ')'");
            }
            String inner = s.substring(s.indexOf('(') + 1, s.length() - 1);
            for (String part : inner.split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] kv = part.split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("schedule '" + text + "': expected key=value, got '" + part + "'");
                }
                try {
                    args.put(kv[0], Double.parseDouble(kv[1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("schedule '" + text + "': '" + kv[1] + "' is not a number", e);
                }
            }
        }
        return switch (name) {
            case "condot" -> condOt(args.getOrDefault("sigmamin", 0.0));
            case "cosine" -> cosine();
            case "vp" -> vp(args.getOrDefault("betamin", 0.1), args.getOrDefault("betamax", 20.0));
            case "ve" -> ve(args.getOrDefault("sigmamin", 0.01), args.getOrDefault("sigmamax", 80.0));
            case "polynomial" -> polynomial(args.getOrDefault("n", 2.0));
            default -> throw new IllegalArgumentException("unknown schedule '" + text
                    + "' (known: condot, cosine, vp, ve, polynomial)");
        };
    }

    static final class CondOtSchedule implements Schedule {
        private final double sigmaMin;

        CondOtSchedule(double sigmaMin) {
            this.sigmaMin = sigmaMin;
        }

        @Override public double alpha(double t) { return t; }
        @Override public double sigma(double t) { return 1 - (1 - sigmaMin) * t; }
        @Override public double alphaDerivative(double t) { return 1; }
        @Override public double sigmaDerivative(double t) { return -(1 - sigmaMin); }
        @Override public String describe() { return "condot(sigmaMin=" + sigmaMin + ")"; }
        @Override public String toString() { return describe(); }
    }

    static final class CosineSchedule implements Schedule {
        private static final double HALF_PI = Math.PI / 2;

        @Override public double alpha(double t) { return Math.sin(HALF_PI * t); }
        @Override public double sigma(double t) { return Math.cos(HALF_PI * t); }
        @Override public double alphaDerivative(double t) { return HALF_PI * Math.cos(HALF_PI * t); }
        @Override public double sigmaDerivative(double t) { return -HALF_PI * Math.sin(HALF_PI * t); }
        @Override public String describe() { return "cosine"; }
        @Override public String toString() { return describe(); }
    }

    static final class VpSchedule implements Schedule {
        private final double betaMin;
        private final double betaMax;

        VpSchedule(double betaMin, double betaMax) {
            this.betaMin = betaMin;
            this.betaMax = betaMax;
        }

        /** T(s) = ∫₀ˢ β(r) dr. */
        private double integratedBeta(double s) {
            return betaMin * s + 0.5 * (betaMax - betaMin) * s * s;
        }

        private double beta(double s) {
            return betaMin + (betaMax - betaMin) * s;
        }

        @Override public double alpha(double t) { return Math.exp(-0.5 * integratedBeta(1 - t)); }
        @Override public double sigma(double t) {
            double a = alpha(t);
            return Math.sqrt(Math.max(0, 1 - a * a));
        }
        @Override public double alphaDerivative(double t) { return 0.5 * beta(1 - t) * alpha(t); }
        @Override public double sigmaDerivative(double t) {
            double sigma = sigma(t);
            double product = sigmaTimesSigmaDerivative(t);
            return sigma == 0 ? Double.NEGATIVE_INFINITY : product / sigma;
        }
        /** σσ̇ = ½ d(1 − α²)/dt = −α·α̇, finite at t = 1. */
        @Override public double sigmaTimesSigmaDerivative(double t) { return -alpha(t) * alphaDerivative(t); }
        @Override public String describe() { return "vp(betaMin=" + betaMin + ",betaMax=" + betaMax + ")"; }
        @Override public String toString() { return describe(); }
    }

    static final class VeSchedule implements Schedule {
        private final double sigmaMin;
        private final double sigmaMax;
        private final double logRatio;

        VeSchedule(double sigmaMin, double sigmaMax) {
            this.sigmaMin = sigmaMin;
            this.sigmaMax = sigmaMax;
            this.logRatio = Math.log(sigmaMax / sigmaMin);
        }

        @Override public double alpha(double t) { return 1; }
        @Override public double sigma(double t) { return sigmaMin * Math.exp(logRatio * (1 - t)); }
        @Override public double alphaDerivative(double t) { return 0; }
        @Override public double sigmaDerivative(double t) { return -logRatio * sigma(t); }
        @Override public String describe() { return "ve(sigmaMin=" + sigmaMin + ",sigmaMax=" + sigmaMax + ")"; }
        @Override public String toString() { return describe(); }
    }

    static final class PolynomialSchedule implements Schedule {
        private final double exponent;

        PolynomialSchedule(double exponent) {
            this.exponent = exponent;
        }

        @Override public double alpha(double t) { return Math.pow(t, exponent); }
        @Override public double sigma(double t) { return 1 - Math.pow(t, exponent); }
        @Override public double alphaDerivative(double t) {
            return t == 0 ? (exponent < 1 ? Double.POSITIVE_INFINITY : exponent == 1 ? 1 : 0)
                    : exponent * Math.pow(t, exponent - 1);
        }
        @Override public double sigmaDerivative(double t) { return -alphaDerivative(t); }
        @Override public String describe() { return "polynomial(n=" + exponent + ")"; }
        @Override public String toString() { return describe(); }
    }
}
