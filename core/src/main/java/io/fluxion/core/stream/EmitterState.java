package io.fluxion.core.stream;

import io.fluxion.core.field.DivergenceField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.GuidedField;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.core.sample.DensityFlowField;
import io.fluxion.core.store.ModelLease;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import reactor.core.publisher.SynchronousSink;

/**
 * One subscriber's live particle system for {@link ParticleStreams#emitter}. Live particles are
 * kept compacted in rows [0, live) of fixed arrays sized {@code maxParticles} (positions in
 * model coordinates, flow time, phase, seconds held, the last frame's velocity); a retiring
 * particle is replaced by the last live one. Every frame spawns, advances all live particles by
 * one fixed-step solve over per-particle time spans, applies the end-of-flow rule, and emits.
 * Nothing is allocated per frame. Confined to the generating thread.
 */
final class EmitterState {

    private static final byte FLOWING = 0;
    private static final byte HOLDING = 1;
    private static final byte DISSOLVING = 2;

    private final LeaseSlot leases;
    private final EmitterSpec spec;
    private final OdeSolver solver;
    private final SplittableRandom random;
    private final int capacity;
    private final int d;
    /** Values per particle in {@code positions}: d, or d + 1 with the log-density. */
    private final int width;
    private VelocityField flow;
    private final float[] positions;
    private final float[] previous;
    private final float[] velocities;
    private final float[] starts;
    private final float[] ends;
    private final byte[] phases;
    private final float[] held;
    /** Each particle's class when the spec gives classes (read by the guided field at every step), else null. */
    private final int[] labels;
    private final float[] scratch;
    private final FramePool pool;
    private final TimeSpan span;
    private final TimeGrid oneStep = TimeGrid.uniform(1);
    private Model model;
    private int live;
    private double spawnDebt;
    private long sequence;
    private final EmitterClock clock;
    private boolean closed;

    /** @param leases the stream's leases; the first one has arrived. Closing the slot is the caller's. */
    EmitterState(LeaseSlot leases, EmitterSpec spec) {
        this.leases = leases;
        this.model = leases.take().model();
        this.spec = spec;
        this.solver = spec.solver().newSolver();
        this.clock = new EmitterClock(spec);
        this.random = new SplittableRandom(spec.seed());
        this.capacity = spec.maxParticles();
        this.d = model.dimension();
        this.width = spec.logDensity() ? d + 1 : d;
        this.labels = spec.classes() == null ? null : new int[capacity];
        this.flow = flowOf(model);
        this.positions = new float[capacity * width];
        this.previous = new float[capacity * width];
        this.velocities = new float[capacity * d];
        this.starts = new float[capacity];
        this.ends = new float[capacity];
        this.phases = new byte[capacity];
        this.held = new float[capacity];
        this.scratch = new float[capacity * d];
        this.pool = new FramePool(spec.poolSize(), capacity, d, spec.logDensity(), false, spec.classes() != null);
        this.span = TimeSpan.perParticle(starts, ends);
    }

    private VelocityField flowOf(Model candidate) {
        ClassMix classes = spec.classes();
        if (classes != null) {
            MlpVelocityField net = MlpVelocityField.of(candidate.field()).filter(f -> f.architecture().isConditional())
                    .orElseThrow(() -> new IllegalArgumentException("emitter: classes need a conditional model; "
                            + candidate.name() + " was trained without labels"));
            if (classes.largestLabel() >= net.architecture().labels() || spec.logDensity()) {
                throw new IllegalArgumentException("emitter: class " + classes.largestLabel() + " is out of range for "
                        + candidate.name() + " (" + net.architecture().labels() + " classes), or log-densities were asked for");
            }
            return new GuidedField(net, labels, classes.guidance());
        }
        if (!spec.logDensity()) {
            return candidate.field();
        }
        if (!DensityFlowField.supports(candidate.field())) {
            throw new IllegalArgumentException("emitter: model " + candidate.name()
                    + " has no exact divergence, so it cannot carry log-densities");
        }
        return new DensityFlowField((DivergenceField) candidate.field());
    }

    /** One frame; completes with the frame that reaches {@code spec.frames()}. */
    void next(SynchronousSink<ParticleFrame> sink) {
        switchModelIfNewer();
        double dt = clock.nextFrameSeconds();
        spawn(dt);
        int evaluations = advance(dt);
        retireAndTransition(dt);
        emit(sink, evaluations);
        if (spec.frames() > 0 && sequence >= spec.frames()) {
            sink.complete();
        }
    }

    /** Moves to the newest model that arrived, closing the lease of the one it replaces. */
    private void switchModelIfNewer() {
        Throwable failure = leases.failure();
        if (failure != null) {
            throw new IllegalStateException("emitter: the model stream failed: " + failure.getMessage(), failure);
        }
        ModelLease lease = leases.take();
        if (lease != null) {
            Model newest = lease.model();
            if (newest.dimension() != d) {
                throw new IllegalArgumentException("emitter: new model " + newest.name() + " has d = " + newest.dimension()
                        + ", the running emitter has d = " + d);
            }
            flow = flowOf(newest);
            model = newest;
        }
    }

    private void spawn(double dt) {
        spawnDebt += spec.spawnRate() * dt;
        int count = (int) Math.min(spawnDebt, capacity - live);
        spawnDebt = Math.min(spawnDebt - count, 1);
        for (int i = live; i < live + count; i++) {
            drawSource(i);
            ends[i] = 0;
            phases[i] = FLOWING;
            held[i] = 0;
            if (labels != null) {
                labels[i] = spec.classes().draw(random);
            }
        }
        live += count;
    }

    /** Source noise N(0, I) for particle i, and ℓ = log N(x) when log-densities are carried. */
    private void drawSource(int i) {
        DensityFlowField.drawSource(positions, i, width, d, random);
    }

    /** One solver step for every live particle over its own span; returns the evaluations spent. */
    private int advance(double dt) {
        float flowStep = (float) (dt / spec.flowSeconds());
        for (int i = 0; i < live; i++) {
            float t = ends[i];
            starts[i] = t;
            ends[i] = switch (phases[i]) {
                case FLOWING -> Math.min(1f, t + flowStep);
                case DISSOLVING -> Math.max(0f, t - flowStep);
                default -> t;
            };
        }
        if (live == 0) {
            return 0;
        }
        System.arraycopy(positions, 0, previous, 0, live * width);
        int evaluations = solver.solve(flow, positions, live, span, oneStep, null).functionEvaluations();
        for (int i = 0; i < live; i++) {
            float duration = ends[i] - starts[i];
            boolean finite = true;
            for (int j = 0; j < width; j++) {
                finite &= Float.isFinite(positions[i * width + j]);
            }
            for (int j = 0; j < d; j++) {
                int at = i * width + j;
                velocities[i * d + j] = duration == 0 ? 0 : (positions[at] - previous[at]) / duration;
            }
            if (!finite) {
                if (!spec.respawnNonFinite()) {
                    throw new NonFiniteStateException("model " + model.name() + " produced a non-finite state at frame "
                            + sequence + " (particle " + i + ", t = " + ends[i] + ")");
                }
                drawSource(i);
                Arrays.fill(velocities, i * d, (i + 1) * d, 0f);
                ends[i] = 0;
                phases[i] = FLOWING;
            }
        }
        return evaluations;
    }

    private void retireAndTransition(double dt) {
        int i = 0;
        while (i < live) {
            boolean retire = false;
            switch (phases[i]) {
                case FLOWING -> {
                    if (ends[i] >= 1f) {
                        switch (spec.atEnd()) {
                            case HOLD -> {
                                phases[i] = HOLDING;
                                held[i] = 0;
                            }
                            case DISSOLVE -> phases[i] = DISSOLVING;
                            case RETIRE -> retire = true;
                        }
                    }
                }
                case HOLDING -> {
                    held[i] += (float) dt;
                    retire = held[i] >= spec.holdSeconds();
                }
                default -> retire = ends[i] <= 0f;
            }
            if (retire) {
                moveLastInto(i);
            } else {
                i++;
            }
        }
    }

    private void moveLastInto(int i) {
        int last = --live;
        if (i != last) {
            System.arraycopy(positions, last * width, positions, i * width, width);
            System.arraycopy(velocities, last * d, velocities, i * d, d);
            ends[i] = ends[last];
            phases[i] = phases[last];
            held[i] = held[last];
            if (labels != null) {
                labels[i] = labels[last];
            }
        }
    }

    private void emit(SynchronousSink<ParticleFrame> sink, int evaluations) {
        ParticleFrame frame = pool.acquire();
        int size = live * d;
        for (int i = 0; i < live; i++) {
            System.arraycopy(positions, i * width, scratch, i * d, d);
        }
        model.normalization().toData(scratch, live);
        Placement placement = spec.placement() == null ? null : spec.placement().get(); // one read per frame
        if (placement != null) {
            placement.apply(scratch, live, d);
        }
        frame.positions().put(0, scratch, 0, size);
        float scale = model.normalization().scale();
        for (int k = 0; k < size; k++) {
            scratch[k] = scale * velocities[k];
        }
        if (placement != null) {
            placement.applyToVectors(scratch, live, d);
        }
        frame.velocities().put(0, scratch, 0, size);
        FloatBuffer times = frame.times();
        times.put(0, ends, 0, live);
        if (labels != null) {
            frame.labels().put(0, labels, 0, live);
        }
        if (width > d) {
            double logScale = model.normalization().logDeterminant();
            for (int i = 0; i < live; i++) {
                frame.logDensities().put(i, (float) (positions[i * width + d] - logScale));
            }
        }
        frame.stamp(live, sequence++, model.name(), evaluations, Double.NaN);
        sink.next(frame);
    }

    /** Drops the frame pool; frames still held by the consumer are dropped when released. Idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }
}
