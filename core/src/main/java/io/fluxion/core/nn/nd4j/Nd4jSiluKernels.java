package io.fluxion.core.nn.nd4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;

/** SiLU with ND4J ops: portable; used where the Vector API kernels are not available. */
final class Nd4jSiluKernels implements SiluKernels {

    @Override
    public void forwardInPlace(INDArray z, int rows, int width) {
        Nd4j.exec(new Swish(z, z));
    }

    @Override
    public void forwardKeepingGate(INDArray zThenH, INDArray gate, int rows, int width) {
        Nd4j.exec(new Sigmoid(zThenH, gate));
        zThenH.muli(gate);
    }

    @Override
    public void backward(INDArray h, INDArray gate, INDArray upstream, INDArray out, int rows, int width,
                         FloatBuffer flatGradient, long biasOffset, INDArray ones, INDArray biasGradientView) {
        Nd4j.exec(new MulOp(h, gate, out));
        out.rsubi(h).addi(gate).muli(upstream);
        Nd4j.gemm(ones, out, biasGradientView, false, false, 1, 0);
    }
}
