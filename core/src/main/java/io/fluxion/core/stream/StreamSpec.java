package io.fluxion.core.stream;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;

/**
 * What a batch stream ({@link ParticleStreams#samples}, {@link ParticleStreams#trajectory})
 * computes: n particles per frame, the solver and its steps, the direction, how many frames
 * (0: endless), optional log-densities, what to do with non-finite particles, the seed and the
 * scheduler. Immutable; every value is checked by the builder, with a message naming it.
 */
public final class StreamSpec {

    /** The most particles a stream or an emitter holds: 2^24 (so that every buffer's index fits an int). */
    public static final int MAX_PARTICLES = 1 << 24;

    private final int particles;
    private final Supplier<OdeSolver> solver;
    private final String solverName;
    private final int steps;
    private final boolean reverse;
    private final long frames;
    private final boolean logDensity;
    private final boolean velocities;
    private final boolean respawnNonFinite;
    private final long seed;
    private final int poolSize;
    private final Scheduler scheduler;
    private final boolean solverGiven;
    private final boolean stepsGiven;

    private StreamSpec(Builder b) {
        this.particles = b.particles;
        this.solver = b.solver;
        this.solverName = b.solverName;
        this.steps = b.steps;
        this.reverse = b.reverse;
        this.frames = b.frames;
        this.logDensity = b.logDensity;
        this.velocities = b.velocities;
        this.respawnNonFinite = b.respawnNonFinite;
        this.seed = b.seed;
        this.poolSize = b.poolSize;
        this.scheduler = b.scheduler;
        this.solverGiven = b.solverGiven;
        this.stepsGiven = b.stepsGiven;
    }

    /**
     * This spec for a stream of {@code model}: where the builder was not given a solver or steps
     * and the model's file records those it is made for (a reflowed or distilled model's few Euler
     * steps), those; else this spec as it is.
     */
    public StreamSpec withModelDefaults(Model model) {
        Optional<String> recordedSolver = solverGiven ? Optional.empty() : model.recordedSolver();
        OptionalInt recordedSteps = stepsGiven ? OptionalInt.empty() : model.recordedSteps();
        if (recordedSolver.isEmpty() && recordedSteps.isEmpty()) {
            return this;
        }
        Builder b = new Builder();
        b.particles = particles;
        b.solver = solver;
        b.solverName = solverName;
        b.steps = steps;
        b.reverse = reverse;
        b.frames = frames;
        b.logDensity = logDensity;
        b.velocities = velocities;
        b.respawnNonFinite = respawnNonFinite;
        b.seed = seed;
        b.poolSize = poolSize;
        b.scheduler = scheduler;
        if (recordedSolver.isPresent()) {
            try {
                b.solver(recordedSolver.get());
            } catch (IllegalArgumentException unknown) {
                // a file naming a solver this version lacks keeps the spec's
            }
        }
        recordedSteps.ifPresent(b::steps);
        return new StreamSpec(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int particles() { return particles; }
    /** @return a new solver instance (solvers own buffers: one per subscriber). */
    public OdeSolver newSolver() { return solver.get(); }
    public String solverName() { return solverName; }
    public int steps() { return steps; }
    /** @return true for data → noise (t from 1 to 0). */
    public boolean reverse() { return reverse; }
    /** @return frames to emit, 0 for endless. */
    public long frames() { return frames; }
    public boolean logDensity() { return logDensity; }
    /** @return true when frames carry velocities (one more field evaluation per frame). */
    public boolean velocities() { return velocities; }
    public boolean respawnNonFinite() { return respawnNonFinite; }
    public long seed() { return seed; }
    public int poolSize() { return poolSize; }
    public Scheduler scheduler() { return scheduler; }

    /**
     * Builder; defaults: 10 000 particles, RK4 with 25 steps (or, when neither is set, the solver and
     * steps a few-step model's file records), forward, endless, velocities, no log-density.
     */
    public static final class Builder {
        private int particles = 10_000;
        private Supplier<OdeSolver> solver = OdeSolvers::rk4;
        private String solverName = "rk4";
        private int steps = 25;
        private boolean reverse;
        private long frames;
        private boolean logDensity;
        private boolean velocities = true;
        private boolean respawnNonFinite;
        private long seed;
        private int poolSize = 3;
        private Scheduler scheduler = ComputeScheduler.shared();
        private boolean solverGiven;
        private boolean stepsGiven;

        private Builder() {
        }

        public Builder particles(int value) {
            if (value < 1 || value > MAX_PARTICLES) {
                throw new IllegalArgumentException("StreamSpec: particles must be in [1, " + MAX_PARTICLES + "], got " + value);
            }
            this.particles = value;
            return this;
        }

        /** A solver by name ({@code euler}, {@code midpoint}, {@code heun}, {@code rk4}, {@code dopri5}). */
        public Builder solver(String name) {
            OdeSolvers.byName(name);
            this.solver = () -> OdeSolvers.byName(name);
            this.solverName = name;
            this.solverGiven = true;
            return this;
        }

        public Builder steps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("StreamSpec: steps must be >= 1, got " + value);
            }
            this.steps = value;
            this.stepsGiven = true;
            return this;
        }

        public Builder reverse(boolean value) { this.reverse = value; return this; }

        /** @param value frames to emit before completing; 0 for endless */
        public Builder frames(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("StreamSpec: frames must be >= 0 (0 = endless), got " + value);
            }
            this.frames = value;
            return this;
        }

        public Builder logDensity(boolean value) { this.logDensity = value; return this; }
        /** @param value false to leave velocities out of frames (and save one evaluation per frame) */
        public Builder velocities(boolean value) { this.velocities = value; return this; }
        public Builder respawnNonFinite(boolean value) { this.respawnNonFinite = value; return this; }
        public Builder seed(long value) { this.seed = value; return this; }

        public Builder poolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("StreamSpec: poolSize must be >= 1, got " + value);
            }
            this.poolSize = value;
            return this;
        }

        public Builder scheduler(Scheduler value) { this.scheduler = Objects.requireNonNull(value, "scheduler"); return this; }

        public StreamSpec build() {
            return new StreamSpec(this);
        }
    }
}
