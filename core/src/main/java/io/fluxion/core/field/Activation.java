package io.fluxion.core.field;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
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
    void apply(INDArray z, INDArray out) {
        switch (this) {
            case SILU: Nd4j.exec(new Swish(z, out)); break;
            case RELU: Nd4j.exec(new RectifiedLinear(z, out, 0)); break;
            case TANH: Nd4j.exec(new Tanh(z, out)); break;
            default: throw new AssertionError(this);
        }
    }

    /** out = act'(z); out must not be z. */
    void derivative(INDArray z, INDArray out) {
        switch (this) {
            case SILU: Nd4j.exec(new SwishDerivative(z, out)); break;
            case RELU: Nd4j.exec(new Step(z, out, 0)); break;
            case TANH:
                Nd4j.exec(new Tanh(z, out));
                out.muli(out).rsubi(1);
                break;
            default: throw new AssertionError(this);
        }
    }

    /** out = upstream ⊙ act'(z), the gradient with respect to z; out must not be z or upstream. */
    void backward(INDArray z, INDArray upstream, INDArray out) {
        if (this == RELU) {
            Nd4j.exec(new RectifiedLinearDerivative(z, upstream, out));
            return;
        }
        derivative(z, out);
        out.muli(upstream);
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
