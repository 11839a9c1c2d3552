package io.fluxion.core.nn.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.nn.nd4j.VectorSiluKernels;
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
        // the expected values read a heap copy: the NIO view does not keep flat's native memory
        // alive, and once flat is unreachable the GC may free it (this check once read reused memory)
        float[] flatCopy = flat.data().asFloat();
        INDArray z = Nd4j.rand(DataType.FLOAT, rows, width).subi(0.5).muli(12);
        float[] before = z.dup().data().asFloat();
        INDArray gate = Nd4j.create(DataType.FLOAT, rows, width);
        kernels.forwardWithBias(z, bias, values, offset, gate, rows, width);
        float[] h = z.data().asFloat();
        float[] s = gate.data().asFloat();
        for (int i = 0; i < rows * width; i++) {
            double v = before[i] + flatCopy[offset + i % width];
            double sigmoid = 1 / (1 + Math.exp(-v));
            assertEquals(sigmoid, s[i], 1e-6, kernels + " gate at " + i);
            assertEquals(v * sigmoid, h[i], 1e-5 * (1 + Math.abs(v)), kernels + " output at " + i);
        }
        INDArray inPlace = Nd4j.rand(DataType.FLOAT, rows, width);
        float[] start = inPlace.dup().data().asFloat();
        kernels.forwardWithBias(inPlace, bias, values, offset, null, rows, width);
        java.lang.ref.Reference.reachabilityFence(flat);
        float[] out = inPlace.data().asFloat();
        for (int i = 0; i < rows * width; i++) {
            double v = start[i] + flatCopy[offset + i % width];
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

    /**
     * Extreme and special inputs through the Java kernel, each repeated across a row of 13 so that
     * the vector lanes and the scalar tail both see it: they must agree bit for bit, stay finite
     * where SiLU is, and match the reference.
     */
    @Test
    void vectorKernelHandlesExtremesAndMatchesItsScalarTail() {
        float[] inputs = {-1000f, -100f, -88f, -87.5f, -50f, -10f, -1e-30f, -0f, 0f, 1e-30f, 0.5f, 10f, 50f, 100f, 1000f,
            Float.POSITIVE_INFINITY, Float.NaN};
        int width = 13;
        INDArray z = Nd4j.create(DataType.FLOAT, inputs.length, width);
        for (int r = 0; r < inputs.length; r++) {
            for (int c = 0; c < width; c++) {
                z.putScalar(r, c, inputs[r]);
            }
        }
        new VectorSiluKernels().forwardInPlace(z, inputs.length, width);
        for (int r = 0; r < inputs.length; r++) {
            double v = inputs[r];
            double expected = Double.isInfinite(v) ? v : v / (1 + Math.exp(-v));
            float first = z.getFloat(r, 0);
            for (int c = 1; c < width; c++) {
                assertEquals(Float.floatToRawIntBits(first), Float.floatToRawIntBits(z.getFloat(r, c)),
                        "lane " + c + " for input " + v);
            }
            if (Float.isNaN(inputs[r])) {
                assertEquals(Float.NaN, first, "NaN stays NaN");
            } else {
                assertEquals(expected, first, 1e-6 * (1 + Math.abs(expected)), "SiLU(" + v + ")");
            }
        }
    }

    @Test
    void theVectorApiKernelsAreChosenWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests run with --add-modules jdk.incubator.vector");
        assertEquals(SiluKernels.VECTOR_KERNELS, SiluKernels.best().getClass().getName());
    }
}
