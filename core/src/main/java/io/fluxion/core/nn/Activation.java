package io.fluxion.core.nn;

import io.fluxion.core.nn.nd4j.SiluKernels;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SwishDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hidden-layer activations of {@link MlpVelocityField}, each with its forward map, its
 * derivative, and its backward step, all run in place on preallocated ND4J arrays (no
 * allocation). SiLU and ReLU are cheap in libnd4j; tanh is several times slower.
 */
public enum Activation {
    /** SiLU (swish): z·sigmoid(z). The default. */
    SILU,
    /** ReLU: max(z, 0). */
    RELU,
    /** tanh(z). */
    TANH;

    /** out = act(z); out may be z. */
    public void apply(INDArray z, INDArray out) {
        switch (this) {
            case SILU -> {
                if (z == out) {
                    SiluKernels.best().forwardInPlace(z, (int) z.rows(), (int) z.columns());
                } else {
                    Nd4j.exec(new Swish(z, out));
                }
            }
            case RELU -> Nd4j.exec(new RectifiedLinear(z, out, 0));
            case TANH -> Nd4j.exec(new Tanh(z, out));
        }
    }

    /** out = act'(z); out must not be z. */
    public void derivative(INDArray z, INDArray out) {
        switch (this) {
            case SILU -> Nd4j.exec(new SwishDerivative(z, out));
            case RELU -> Nd4j.exec(new Step(z, out, 0));
            case TANH -> {
                Nd4j.exec(new Tanh(z, out));
                out.muli(out).rsubi(1);
            }
        }
    }

    /**
     * Training forward: {@code zThenH} holds z on entry and h = act(z) on return; {@code kept}
     * receives what {@link #backward} needs besides h (sigmoid(z) for SiLU; unused otherwise).
     */
    public void applyForTraining(INDArray zThenH, INDArray kept) {
        if (this == SILU) {
            SiluKernels.best().forwardKeepingGate(zThenH, kept, (int) zThenH.rows(), (int) zThenH.columns());
        } else {
            apply(zThenH, zThenH);
        }
    }

    /**
     * out = upstream ⊙ act'(z), computed from h = act(z) and what {@link #applyForTraining}
     * kept, with no transcendental function: SiLU' = s + h·(1 − s), ReLU' = [h &gt; 0],
     * tanh' = 1 − h². {@code out} must differ from the inputs.
     */
    public void backward(INDArray h, INDArray kept, INDArray upstream, INDArray out) {
        switch (this) {
            case SILU -> {
                Nd4j.exec(new MulOp(h, kept, out));
                out.rsubi(h).addi(kept).muli(upstream);
            }
            case RELU -> Nd4j.exec(new RectifiedLinearDerivative(h, upstream, out));
            case TANH -> {
                Nd4j.exec(new MulOp(h, h, out));
                out.rsubi(1).muli(upstream);
            }
        }
    }

    /** @return the activation named {@code silu}, {@code relu} or {@code tanh}. */
    public static Activation byName(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "' (known: silu, relu, tanh)", e);
        }
    }

    /** @return the lower-case name used in model files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
