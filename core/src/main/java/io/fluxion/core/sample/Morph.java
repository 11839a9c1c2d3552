package io.fluxion.core.sample;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.TimeSpan;
import java.util.Arrays;
import java.util.Objects;

/**
 * Carries particles from one model's shape to another's at run time, with no new training and
 * no jump in any position: in the first half the particles flow backward along the first model
 * from t = 1 to t = 0 (its noise); in the second they flow forward along the second model from
 * t = 0 to 1. Both models' noise is N(0, I) in their own model coordinates, so the state carries
 * over exactly; their normalisations may differ, and the difference in data coordinates at the
 * turn (one offset per particle) is added to the second half's positions with weight 1 − t, the
 * weight a conditional-OT path gives its noise, so it fades out as the particles reach the data.
 * With exact solves the particles end distributed as the second model's samples, whatever the
 * first model was. Works for any two models of the same dimension, among them two classes of
 * one conditional model ({@link Model#conditioned}).
 *
 * <p>Call {@link #next} once per frame: {@code 2 · stepsPerLeg} frames take the particles across.
 * Holds its state [n, d] and scratch, made once; allocates nothing per frame. Not thread-safe:
 * one morph per stream or game object.
 */
public final class Morph {

    private final Model from;
    private final Model to;
    private final OdeSolver solver;
    private final int steps;
    private final int n;
    private final int d;
    private final float[] state;
    private final float[] offset;
    private int frame;

    /**
     * @param start       [n, d] positions in data coordinates (typically the first model's samples); not kept
     * @param stepsPerLeg solver steps for each half, ≥ 1
     * @throws IllegalArgumentException when the models differ in dimension
     */
    public Morph(Model from, Model to, float[] start, int n, OdeSolver solver, int stepsPerLeg) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.solver = Objects.requireNonNull(solver, "solver");
        if (from.dimension() != to.dimension()) {
            throw new IllegalArgumentException("cannot morph " + from.name() + " (d = " + from.dimension() + ") into "
                    + to.name() + " (d = " + to.dimension() + ")");
        }
        if (stepsPerLeg < 1 || n < 0 || start.length < (long) n * from.dimension()) {
            throw new IllegalArgumentException("Morph: need stepsPerLeg >= 1 and [n, d] start positions");
        }
        this.steps = stepsPerLeg;
        this.n = n;
        this.d = from.dimension();
        this.state = Arrays.copyOf(start, n * d);
        this.offset = new float[n * d];
        from.normalization().toModel(state, n);
    }

    /** @return frames until the particles have arrived: 2 · stepsPerLeg */
    public int frames() {
        return 2 * steps;
    }

    /** @return whether every frame has been taken */
    public boolean isDone() {
        return frame >= frames();
    }

    /**
     * Advances one step and writes the positions in data coordinates into {@code out [n, d]}.
     *
     * @return the progress in [0, 1] after this frame (1: arrived)
     */
    public double next(float[] out) {
        if (!isDone()) {
            double dt = 1.0 / steps;
            if (frame < steps) {
                double t = 1 - frame * dt;
                solver.solve(from.field(), state, n, TimeSpan.of(t, Math.max(0, t - dt)), 1);
            } else {
                if (frame == steps) {
                    turn();
                }
                double t = (frame - steps) * dt;
                solver.solve(to.field(), state, n, TimeSpan.of(t, Math.min(1, t + dt)), 1);
            }
            frame++;
        }
        dataPositions(out);
        return frame / (double) frames();
    }

    /** At t = 0: the offset between the two models' data coordinates of the same noise point. */
    private void turn() {
        Normalization a = from.normalization();
        Normalization b = to.normalization();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                float z = state[i * d + j];
                offset[i * d + j] = (a.mean(j) + a.scale() * z) - (b.mean(j) + b.scale() * z);
            }
        }
    }

    /** First half: the first model's data coordinates; second: the second's plus the fading offset. */
    private void dataPositions(float[] out) {
        System.arraycopy(state, 0, out, 0, n * d);
        if (frame <= steps) {
            from.normalization().toData(out, n);
            return;
        }
        to.normalization().toData(out, n);
        float fade = (float) (1 - (frame - steps) / (double) steps);
        for (int k = 0; k < n * d; k++) {
            out[k] += fade * offset[k];
        }
    }
}
