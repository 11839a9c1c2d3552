package io.fluxion.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Both SiLU kernels against a plain-Java reference: the fused bias + SiLU, with and without the kept gate. */
class SiluKernelsTest {

    private static void checkForwardWithBias(SiluKernels kernels, int rows, int width) {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, width + 3).subi(0.5).muli(4);
        int offset = 3;
        INDArray bias = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + width)).reshape(1, width);
        FloatBuffer values = flat.data().asNioFloat();
        INDArray z = Nd4j.rand(DataType.FLOAT, rows, width).subi(0.5).muli(12);
        float[] before = z.dup().data().asFloat();
        INDArray gate = Nd4j.create(DataType.FLOAT, rows, width);
        kernels.forwardWithBias(z, bias, values, offset, gate, rows, width);
        float[] h = z.data().asFloat();
        float[] s = gate.data().asFloat();
        for (int i = 0; i < rows * width; i++) {
            double v = before[i] + values.get(offset + i % width);
            double sigmoid = 1 / (1 + Math.exp(-v));
            assertEquals(sigmoid, s[i], 1e-6, kernels + " gate at " + i);
            assertEquals(v * sigmoid, h[i], 1e-5 * (1 + Math.abs(v)), kernels + " output at " + i);
        }
        INDArray inPlace = Nd4j.rand(DataType.FLOAT, rows, width);
        float[] start = inPlace.dup().data().asFloat();
        kernels.forwardWithBias(inPlace, bias, values, offset, null, rows, width);
        float[] out = inPlace.data().asFloat();
        for (int i = 0; i < rows * width; i++) {
            double v = start[i] + values.get(offset + i % width);
            assertEquals(v / (1 + Math.exp(-v)), out[i], 1e-5 * (1 + Math.abs(v)), kernels + " without gate at " + i);
        }
    }

    @Test
    void fusedBiasAndSiluMatchTheReferenceInBothKernels() {
        for (SiluKernels kernels : new SiluKernels[] {new Nd4jSiluKernels(), new VectorSiluKernels()}) {
            checkForwardWithBias(kernels, 300, 64);
            checkForwardWithBias(kernels, 17, 13);
            checkForwardWithBias(kernels, 3, 5000); // wider than a chunk: the two-pass path
        }
    }
}
