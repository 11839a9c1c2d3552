package io.fluxion.core.stream;

import io.fluxion.core.data.Noise;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.GuidedField;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeSpan;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import reactor.core.publisher.SynchronousSink;

/**
 * One subscription's particles for a {@link TextEffect}: positions in the glyph model's
 * coordinates, each particle's class and slot, the phase of the flow, and the frame pool; made
 * once, reused every frame. Confined to the generating thread.
 *
 * <p>Phases: forming (t from 0 to 1 along each particle's glyph), holding, then on a new text
 * backward (t down to 0 along the old glyphs) and forward (0 to 1 along the new ones). At the turn
 * particles are given to the new slots in order of their x, so they travel short ways, and the
 * change of slot is an x offset that fades with 1 − t, as in {@link io.fluxion.core.sample.Morph}.
 */
final class TextState {

    private enum Phase { FORMING, HOLDING, BACKWARD, FORWARD }

    private final Model glyphs;
    private final TextEffect.Spec spec;
    private final GlyphShapes shapes;
    private final Supplier<String> text;
    private final Normalization normalization;
    private final OdeSolver solver = OdeSolvers.heun();
    private final GuidedField field;
    private final int n;
    private final float[] z;
    private final float[] before;
    private final int[] labels;
    private final float[] slotX;
    private final float[] turn;
    private final boolean[] shown;
    private final long[] order;
    private final float[] positions;
    private final float[] velocities;
    private final float[] times;
    private final FramePool pool;
    private final int evaluationsPerStep;
    private Phase phase = Phase.FORMING;
    private double t;
    private String laidOut;
    private TextLayout layout;
    private long sequence;

    TextState(Model glyphs, MlpVelocityField net, TextEffect.Spec spec, GlyphShapes shapes, Supplier<String> text) {
        this.glyphs = glyphs;
        this.spec = spec;
        this.shapes = shapes;
        this.text = text;
        this.normalization = glyphs.normalization();
        this.n = spec.particles();
        this.z = new float[2 * n];
        this.before = new float[2 * n];
        this.labels = new int[n];
        this.slotX = new float[n];
        this.turn = new float[n];
        this.shown = new boolean[n];
        this.order = new long[n];
        this.positions = new float[2 * n];
        this.velocities = new float[2 * n];
        this.times = new float[n];
        this.field = new GuidedField(net, labels, spec.guidance());
        this.evaluationsPerStep = solver.evaluationsPerStep() * field.evaluationsPerParticle();
        this.pool = new FramePool(3, n, 2, false, false, false);
        Noise.fill(z, z.length, new SplittableRandom(spec.seed()));
        laidOut = text.get();
        layout = TextLayout.of(laidOut, glyphs.labelNames(), shapes, n, spec.letterSpacing());
        assignInOrder(false);
    }

    void next(SynchronousSink<ParticleFrame> sink) {
        String wanted = text.get();
        if (!wanted.equals(laidOut)) {
            laidOut = wanted;
            layout = TextLayout.of(wanted, glyphs.labelNames(), shapes, n, spec.letterSpacing());
            phase = Phase.BACKWARD; // from wherever the particles are now
        }
        double dt = phase == Phase.FORMING ? 1.0 / spec.flowFrames() : 2.0 / spec.flowFrames();
        System.arraycopy(z, 0, before, 0, 2 * n);
        int evaluations = 0;
        double stepTaken = 0;
        switch (phase) {
            case FORMING, FORWARD -> {
                double to = Math.min(1, t + dt);
                solver.solve(field, z, n, TimeSpan.of(t, to), 1);
                stepTaken = to - t;
                t = to;
                evaluations = evaluationsPerStep;
                if (t >= 1) {
                    phase = Phase.HOLDING;
                }
            }
            case BACKWARD -> {
                double to = Math.max(0, t - dt);
                solver.solve(field, z, n, TimeSpan.of(t, to), 1);
                stepTaken = to - t;
                t = to;
                evaluations = evaluationsPerStep;
                if (t <= 0) {
                    assignInOrder(true);
                    phase = Phase.FORWARD;
                }
            }
            case HOLDING -> {
            }
        }
        emit(sink, stepTaken, evaluations);
    }

    /**
     * Gives each slot its share of the particles: in index order at the start, else in order of
     * their x now (the turn), recording the change of slot as the offset that fades.
     */
    private void assignInOrder(boolean byPosition) {
        if (byPosition) {
            worldX(positions);
            for (int i = 0; i < n; i++) {
                int bits = Float.floatToIntBits(positions[2 * i]);
                bits ^= (bits >> 31) & 0x7fffffff; // a float's order as an int's
                order[i] = ((long) bits << 32) | i;
            }
            Arrays.sort(order);
        } else {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }
        int rank = 0;
        for (int s = 0; s < layout.slots(); s++) {
            for (int k = 0; k < layout.counts[s]; k++, rank++) {
                int i = (int) order[rank];
                turn[i] = byPosition && shown[i] ? positions[2 * i] - (normalization.mean(0) + normalization.scale() * z[2 * i])
                        - layout.offsets[s] : 0f;
                labels[i] = layout.labels[s];
                slotX[i] = layout.offsets[s];
                shown[i] = true;
            }
        }
        for (; rank < n; rank++) {
            int i = (int) order[rank];
            shown[i] = false; // no slot: the text has fewer drawable glyphs than particles need (none at all)
            labels[i] = layout.slots() > 0 ? layout.labels[0] : 0;
            slotX[i] = 0f;
            turn[i] = 0f;
        }
    }

    /** Each particle's x in world units before the placement (slot, and the fading offset going forward). */
    private void worldX(float[] out) {
        float fade = phase == Phase.FORWARD ? (float) (1 - t) : 0f;
        for (int i = 0; i < n; i++) {
            out[2 * i] = normalization.mean(0) + normalization.scale() * z[2 * i] + slotX[i] + fade * turn[i];
        }
    }

    private void emit(SynchronousSink<ParticleFrame> sink, double stepTaken, int evaluations) {
        worldX(positions);
        float scale = normalization.scale();
        float rate = stepTaken == 0 ? 0f : (float) (scale / stepTaken);
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (!shown[i]) {
                continue;
            }
            positions[2 * live] = positions[2 * i];
            positions[2 * live + 1] = normalization.mean(1) + scale * z[2 * i + 1];
            velocities[2 * live] = rate * (z[2 * i] - before[2 * i]);
            velocities[2 * live + 1] = rate * (z[2 * i + 1] - before[2 * i + 1]);
            times[live] = (float) t;
            live++;
        }
        spec.placement().apply(positions, live, 2);
        spec.placement().applyToVectors(velocities, live, 2);
        ParticleFrame frame = pool.acquire();
        frame.positions().put(0, positions, 0, 2 * live);
        frame.velocities().put(0, velocities, 0, 2 * live);
        frame.times().put(0, times, 0, live);
        frame.stamp(live, sequence++, glyphs.name() + ": " + laidOut, evaluations, t);
        sink.next(frame);
    }

    void close() {
        pool.close();
    }
}
