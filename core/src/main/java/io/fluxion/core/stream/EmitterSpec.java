package io.fluxion.core.stream;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import java.util.Locale;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;

/**
 * A live particle system ({@link ParticleStreams#emitter}): particles spawn at t = 0 at
 * {@code spawnRate} per second, each flows to t = 1 in {@code flowSeconds}, advanced every
 * frame by its own time step with a fixed number of velocity evaluations per frame (1: Euler,
 * 2: Heun, 4: RK4), and at t = 1 retires, holds for {@code holdSeconds}, or dissolves back to
 * noise along the reverse flow. At most {@code maxParticles} live at once. Frames advance by
 * {@code frameSeconds} each (demand-driven) or by the wall-clock time since the previous frame
 * (clock-driven, capped at four frame times). Immutable; the builder checks every value.
 */
public final class EmitterSpec {

    /** What happens to a particle that reaches t = 1. */
    public enum AtEnd {
        /** It disappears. */
        RETIRE,
        /** It stays at its data position for {@code holdSeconds}, then disappears. */
        HOLD,
        /** It flows back to noise (t: 1 → 0) in {@code flowSeconds}, then disappears. */
        DISSOLVE
    }

    /** The fixed-step solver an emitter advances its particles with: one step per frame. */
    public enum FrameSolver {
        /** One velocity evaluation per frame. */
        EULER(1),
        /** Two evaluations per frame. */
        HEUN(2),
        /** Four evaluations per frame. */
        RK4(4);

        private final int evaluations;

        FrameSolver(int evaluations) {
            this.evaluations = evaluations;
        }

        /** @return velocity evaluations per frame */
        public int evaluations() {
            return evaluations;
        }

        /** @return a new solver instance (solvers own buffers: one per stream) */
        public OdeSolver newSolver() {
            return switch (this) {
                case EULER -> OdeSolvers.euler();
                case HEUN -> OdeSolvers.heun();
                case RK4 -> OdeSolvers.rk4();
            };
        }

        /** @return the solver spending {@code evaluations} (1, 2 or 4) per frame */
        public static FrameSolver withEvaluations(int evaluations) {
            for (FrameSolver solver : values()) {
                if (solver.evaluations == evaluations) {
                    return solver;
                }
            }
            throw new IllegalArgumentException("EmitterSpec: evaluationsPerFrame must be 1 (Euler), 2 (Heun) or 4 (RK4), got "
                    + evaluations);
        }
    }

    private final int maxParticles;
    private final double spawnRate;
    private final double flowSeconds;
    private final double frameSeconds;
    private final boolean clockDriven;
    private final FrameSolver solver;
    private final AtEnd atEnd;
    private final double holdSeconds;
    private final boolean respawnNonFinite;
    private final boolean logDensity;
    private final long frames;
    private final long seed;
    private final int poolSize;
    private final Scheduler scheduler;
    private final LivePlacement placement;
    private final ClassMix classes;

    private EmitterSpec(Builder b) {
        this.maxParticles = b.maxParticles;
        this.spawnRate = b.spawnRate;
        this.flowSeconds = b.flowSeconds;
        this.frameSeconds = b.frameSeconds;
        this.clockDriven = b.clockDriven;
        this.solver = b.solver;
        this.atEnd = b.atEnd;
        this.holdSeconds = b.holdSeconds;
        this.respawnNonFinite = b.respawnNonFinite;
        this.logDensity = b.logDensity;
        this.frames = b.frames;
        this.seed = b.seed;
        this.poolSize = b.poolSize;
        this.scheduler = b.scheduler;
        this.placement = b.placement;
        this.classes = b.classes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxParticles() { return maxParticles; }
    public double spawnRate() { return spawnRate; }
    public double flowSeconds() { return flowSeconds; }
    public double frameSeconds() { return frameSeconds; }
    public boolean clockDriven() { return clockDriven; }
    /** @return the solver advancing the particles, one step per frame */
    public FrameSolver solver() { return solver; }
    /** @return velocity evaluations per frame: {@code solver().evaluations()} */
    public int evaluationsPerFrame() { return solver.evaluations(); }
    public AtEnd atEnd() { return atEnd; }
    public double holdSeconds() { return holdSeconds; }
    public boolean respawnNonFinite() { return respawnNonFinite; }
    /** @return true when frames carry each particle's log-density along its flow (needs an exact divergence). */
    public boolean logDensity() { return logDensity; }
    /** @return frames to emit, 0 for endless. */
    public long frames() { return frames; }
    public long seed() { return seed; }
    public int poolSize() { return poolSize; }
    public Scheduler scheduler() { return scheduler; }
    /** @return where the effect stands (frames in world coordinates), or null for none */
    public LivePlacement placement() { return placement; }
    /** @return the classes particles are born with (a conditional model), or null for the model's own field */
    public ClassMix classes() { return classes; }

    /** @return seconds a particle lives: the flow, plus the hold or the way back. */
    public double lifetimeSeconds() {
        return switch (atEnd) {
            case HOLD -> flowSeconds + holdSeconds;
            case DISSOLVE -> 2 * flowSeconds;
            case RETIRE -> flowSeconds;
        };
    }

    /**
     * Builder; defaults: 100 000 particles, 20 000 spawned per second, 3 s flows, 60 frames per
     * second demand-driven, 1 evaluation per frame (Euler), retire at t = 1, endless.
     */
    public static final class Builder {
        private int maxParticles = 100_000;
        private double spawnRate = 20_000;
        private double flowSeconds = 3;
        private double frameSeconds = 1.0 / 60;
        private boolean clockDriven;
        private FrameSolver solver = FrameSolver.EULER;
        private AtEnd atEnd = AtEnd.RETIRE;
        private double holdSeconds = 1;
        private boolean respawnNonFinite;
        private boolean logDensity;
        private long frames;
        private long seed;
        private int poolSize = 3;
        private Scheduler scheduler = ComputeScheduler.shared();
        private LivePlacement placement;
        private ClassMix classes;

        private Builder() {
        }

        public Builder maxParticles(int value) {
            if (value < 1 || value > StreamSpec.MAX_PARTICLES) {
                throw new IllegalArgumentException("EmitterSpec: maxParticles must be in [1, " + StreamSpec.MAX_PARTICLES
                        + "], got " + value);
            }
            this.maxParticles = value;
            return this;
        }

        public Builder spawnRate(double perSecond) { this.spawnRate = positive("spawnRate", perSecond); return this; }
        public Builder flowSeconds(double value) { this.flowSeconds = positive("flowSeconds", value); return this; }
        public Builder frameSeconds(double value) { this.frameSeconds = positive("frameSeconds", value); return this; }
        public Builder clockDriven(boolean value) { this.clockDriven = value; return this; }

        /** The solver advancing the particles, one step per frame (Euler by default). */
        public Builder solver(FrameSolver value) { this.solver = Objects.requireNonNull(value, "solver"); return this; }

        /** @param value 1 (Euler), 2 (Heun) or 4 (RK4): the solver by its cost per frame */
        public Builder evaluationsPerFrame(int value) {
            this.solver = FrameSolver.withEvaluations(value);
            return this;
        }

        public Builder atEnd(AtEnd value) { this.atEnd = Objects.requireNonNull(value, "atEnd"); return this; }
        public Builder holdSeconds(double value) { this.holdSeconds = positive("holdSeconds", value); return this; }
        public Builder respawnNonFinite(boolean value) { this.respawnNonFinite = value; return this; }

        /** Where the effect stands in the scene (frames are in world coordinates); default: none. */
        public Builder placement(Placement value) {
            this.placement = new LivePlacement(Objects.requireNonNull(value, "placement"));
            return this;
        }

        /** Particles born with these classes of a conditional model (several shapes in one emitter). */
        public Builder classes(ClassMix value) {
            this.classes = Objects.requireNonNull(value, "classes");
            return this;
        }

        /** A placement the game changes while the emitter runs (read once per frame). */
        public Builder placement(LivePlacement value) {
            this.placement = Objects.requireNonNull(value, "placement");
            return this;
        }
        public Builder logDensity(boolean value) { this.logDensity = value; return this; }

        public Builder frames(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("EmitterSpec: frames must be >= 0 (0 = endless), got " + value);
            }
            this.frames = value;
            return this;
        }

        public Builder seed(long value) { this.seed = value; return this; }

        public Builder poolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("EmitterSpec: poolSize must be >= 1, got " + value);
            }
            this.poolSize = value;
            return this;
        }

        public Builder scheduler(Scheduler value) { this.scheduler = Objects.requireNonNull(value, "scheduler"); return this; }

        /** @throws IllegalArgumentException when the spawn rate cannot be met within maxParticles */
        public EmitterSpec build() {
            EmitterSpec spec = new EmitterSpec(this);
            double steadyLive = spawnRate * spec.lifetimeSeconds();
            if (steadyLive > maxParticles * 1.0000001) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "EmitterSpec: a spawn rate of %.0f/s with particles living %.2f s needs %.0f live particles, "
                                + "more than maxParticles %d", spawnRate, spec.lifetimeSeconds(), steadyLive, maxParticles));
            }
            return spec;
        }

        private static double positive(String name, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("EmitterSpec: " + name + " must be > 0 and finite, got " + value);
            }
            return value;
        }
    }
}
