package io.fluxion.core.stream;

import io.fluxion.core.field.DivergenceField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.ode.TimeSpan;
import io.fluxion.core.sample.DensityFlowField;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import reactor.core.publisher.SynchronousSink;

/**
 * One subscriber's state for {@link ParticleStreams#samples} and {@link ParticleStreams#trajectory}:
 * the batch in model coordinates ([n, d], or [n, d + 1] with each particle's log-density carried
 * along the flow by a {@link DensityFlowField}), the solver, scratch for velocities and data-space
 * copies, and the frame pool, all made once and reused for every frame. Confined to the
 * generating thread.
 */
final class BatchStream {

    private final Model model;
    private final StreamSpec spec;
    private final VelocityField field;
    /** What the solver integrates: the field, or the field with log-densities (width d + 1). */
    private final VelocityField flow;
    private final int width;
    private final Normalization normalization;
    private final OdeSolver solver;
    private final SplittableRandom random;
    private final int n;
    private final int d;
    private final float[] state;
    private final float[] velocity;
    private final float[] scratch;
    private final float[] modelPositions;
    private final FramePool pool;
    private final double logScale;
    private final TimeGrid fullGrid;
    private final TimeGrid oneStep = TimeGrid.uniform(1);
    private long sequence;
    private int step;
    private boolean closed;

    BatchStream(Model model, StreamSpec given) {
        StreamSpec spec = given.withModelDefaults(model);
        this.model = model;
        this.spec = spec;
        this.field = model.field();
        this.normalization = model.normalization();
        this.solver = spec.newSolver();
        this.random = new SplittableRandom(spec.seed());
        this.n = spec.particles();
        this.d = model.dimension();
        if (spec.logDensity() && !DensityFlowField.supports(field)) {
            throw new IllegalArgumentException("model " + model.name() + " has no exact divergence, so its streams "
                    + "cannot carry log-densities");
        }
        this.flow = spec.logDensity() ? new DensityFlowField((DivergenceField) field) : field;
        this.width = flow.dimension();
        this.state = new float[n * width];
        this.velocity = new float[n * d];
        this.scratch = new float[n * d];
        this.modelPositions = new float[n * d];
        this.pool = new FramePool(spec.poolSize(), n, d, spec.logDensity(), false, false);
        this.logScale = normalization.logDeterminant();
        this.fullGrid = TimeGrid.uniform(spec.steps());
    }

    /** samples: one finished batch (t = 1) per call; completes with the frame that reaches {@code spec.frames()}. */
    void nextSample(SynchronousSink<ParticleFrame> sink) {
        drawSource(0, n);
        OdeResult result = solver.solve(flow, state, n, TimeSpan.FORWARD, fullGrid, null);
        int evaluations = result.functionEvaluations();
        for (int attempt = 0, bad = firstNonFinite(); bad >= 0; attempt++, bad = firstNonFinite()) {
            if (!spec.respawnNonFinite() || attempt == 3) {
                throw nonFinite(bad, spec.steps(), 1.0);
            }
            respawnAndResolve();
            evaluations += spec.steps();
        }
        emit(sink, 1f, evaluations);
        if (spec.frames() > 0 && sequence >= spec.frames()) {
            sink.complete();
        }
    }

    /** trajectory: the batch advanced by one solver step per call, from t = 0 (or 1 when reversed); completes with the last frame. */
    void nextTrajectoryFrame(SynchronousSink<ParticleFrame> sink) {
        long limit = spec.frames() > 0 ? spec.frames() : spec.steps() + 1;
        int evaluations = 0;
        if (step == 0) {
            drawSource(0, n);
            if (spec.reverse()) {
                evaluations += solver.solve(flow, state, n, TimeSpan.FORWARD, fullGrid, null)
                        .functionEvaluations();
            }
        } else {
            double from = timeAt(step - 1);
            double to = timeAt(step);
            evaluations += solver.solve(flow, state, n, TimeSpan.of(from, to), oneStep, null)
                    .functionEvaluations();
            int bad = firstNonFinite();
            if (bad >= 0) {
                if (!spec.respawnNonFinite()) {
                    throw nonFinite(bad, step, to);
                }
                replaceNonFinite();
            }
        }
        emit(sink, (float) timeAt(step), evaluations);
        step = step == spec.steps() ? 0 : step + 1;
        if (sequence >= limit) {
            sink.complete();
        }
    }

    private double timeAt(int k) {
        double fraction = (double) k / spec.steps();
        return spec.reverse() ? 1 - fraction : fraction;
    }

    /** Source noise N(0, I) for particles [from, to), with ℓ = log N(x) when log-densities are carried. */
    private void drawSource(int from, int to) {
        for (int i = from; i < to; i++) {
            DensityFlowField.drawSource(state, i, width, d, random);
        }
    }

    private int firstNonFinite() {
        for (int k = 0; k < n * width; k++) {
            if (!Float.isFinite(state[k])) {
                return k / width;
            }
        }
        return -1;
    }

    /** Draws a new batch from the source and integrates it again (after a non-finite sample). */
    private void respawnAndResolve() {
        drawSource(0, n);
        solver.solve(flow, state, n, TimeSpan.FORWARD, fullGrid, null);
    }

    /** Replaces each non-finite particle with a finite one drawn from the source (trajectory respawn). */
    private void replaceNonFinite() {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(state[i * width + j])) {
                    drawSource(i, i + 1);
                    break;
                }
            }
        }
    }

    private NonFiniteStateException nonFinite(int particle, int atStep, double t) {
        return new NonFiniteStateException("model " + model.name() + " produced a non-finite state at step " + atStep
                + " (t = " + t + "), particle " + particle);
    }

    private void emit(SynchronousSink<ParticleFrame> sink, float t, int evaluations) {
        ParticleFrame frame = pool.acquire();
        FloatBuffer positions = frame.positions();
        for (int i = 0; i < n; i++) {
            System.arraycopy(state, i * width, modelPositions, i * d, d);
        }
        System.arraycopy(modelPositions, 0, scratch, 0, n * d);
        normalization.toData(scratch, n);
        positions.put(0, scratch, 0, n * d);
        if (spec.velocities()) {
            field.evaluate(modelPositions, n, t, velocity);
            evaluations++;
            float scale = normalization.scale();
            for (int k = 0; k < n * d; k++) {
                scratch[k] = scale * velocity[k];
            }
            frame.velocities().put(0, scratch, 0, n * d);
        }
        FloatBuffer times = frame.times();
        for (int i = 0; i < n; i++) {
            times.put(i, t);
        }
        if (width > d) {
            // log-density in data coordinates: minus log|det| of the normalisation
            for (int i = 0; i < n; i++) {
                frame.logDensities().put(i, (float) (state[i * width + d] - logScale));
            }
        }
        frame.stamp(n, sequence++, model.name(), evaluations, t);
        sink.next(frame);
    }

    /** Drops the pool; frames still held by the consumer are dropped when released. Idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }
}
