package io.fluxion.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.nn.nd4j.MlpGradients;
import io.fluxion.core.nn.nd4j.Nd4jParameters;
import io.fluxion.core.nn.simd.FastForward;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MlpVelocityFieldTest {

    private static float[] points(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        return x;
    }

    @Test
    void forwardMatchesAPlainJavaReference() {
        for (MlpArchitecture architecture : List.of(
                new MlpArchitecture(2, 32, 3, Activation.SILU, 0),
                new MlpArchitecture(3, 16, 2, Activation.RELU, 4),
                new MlpArchitecture(2, 8, 1, Activation.TANH, 2))) {
            MlpParameters parameters = MlpParameters.initialise(architecture, 3);
            MlpVelocityField field = new MlpVelocityField(parameters);
            ReferenceMlp reference = new ReferenceMlp(architecture, parameters.toTensors());
            int n = 37;
            int d = architecture.dimension();
            float[] x = points(n, d, 4);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = i / (float) (n - 1);
            }
            float[] out = new float[n * d];
            field.evaluate(x, n, t, out);
            for (int i = 0; i < n; i++) {
                double[] row = new double[d];
                for (int j = 0; j < d; j++) {
                    row[j] = x[i * d + j];
                }
                double[] expected = reference.evaluate(row, t[i]);
                for (int j = 0; j < d; j++) {
                    assertEquals(expected[j], out[i * d + j], 1e-5, architecture + " row " + i);
                }
            }
            float[] shared = new float[n * d];
            field.evaluate(x, n, 0.25f, shared);
            double[] first = reference.evaluate(new double[] {x[0], x[1], d == 3 ? x[2] : 0}.clone(), 0.25);
            assertEquals(first[0], shared[0], 1e-5);
        }
    }

    @Test
    void backpropMatchesFiniteDifferencesOfTheLoss() {
        for (Activation activation : Activation.values()) {
            MlpArchitecture architecture = new MlpArchitecture(2, 12, 2, activation, 1);
            MlpParameters parameters = MlpParameters.initialise(architecture, 5);
            int n = 16;
            float[] x = points(n, 2, 6);
            float[] target = points(n, 2, 7);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (i + 0.5f) / n;
            }
            // analytic gradient of L = mean over rows and coordinates of (v − u)²
            float[] v = new float[2 * n];
            float[] lossGradient = new float[2 * n];
            List<float[]> analytic;
            try (MlpGradients engine = new MlpGradients(architecture, n);
                 Nd4jParameters weights = Nd4jParameters.of(parameters);
                 Nd4jParameters gradient = Nd4jParameters.zeros(architecture)) {
                engine.forward(weights, x, t, null, v);
                for (int k = 0; k < 2 * n; k++) {
                    lossGradient[k] = 2 * (v[k] - target[k]) / (2 * n);
                }
                engine.backward(weights, lossGradient, gradient);
                analytic = gradient.toParameters().toTensors();
            }
            List<float[]> tensors = parameters.toTensors();
            ReferenceMlp base = new ReferenceMlp(architecture, tensors);
            double h = 1e-3;
            int checked = 0;
            SplittableRandom pick = new SplittableRandom(8);
            for (int tensor = 0; tensor < tensors.size(); tensor++) {
                for (int probe = 0; probe < 6; probe++) {
                    int k = pick.nextInt(tensors.get(tensor).length);
                    float original = tensors.get(tensor)[k];
                    tensors.get(tensor)[k] = (float) (original + h);
                    double plus = referenceLoss(base, x, t, target, n);
                    tensors.get(tensor)[k] = (float) (original - h);
                    double minus = referenceLoss(base, x, t, target, n);
                    tensors.get(tensor)[k] = original;
                    double numeric = (plus - minus) / (2 * h);
                    double exact = analytic.get(tensor)[k];
                    if (activation == Activation.RELU && Math.abs(numeric - exact) > 1e-3) {
                        continue; // a kink of ReLU inside the difference interval
                    }
                    assertEquals(numeric, exact, 2e-4 + 2e-3 * Math.abs(numeric),
                            activation + " tensor " + tensor + " entry " + k);
                    checked++;
                }
            }
            assertTrue(checked > 20, "checked " + checked + " entries");
        }
    }

    /**
     * ND4J networks (SiLU wider than the Vector API pass takes, and tanh) on batches large enough
     * to be split over the cores: every row, the ones at the split boundaries included, matches
     * the plain-Java reference, and the divergence matches the same rows evaluated one at a time.
     */
    @Test
    void splitBatchesMatchTheReferenceOnEveryRow() {
        for (MlpArchitecture architecture : List.of(
                new MlpArchitecture(2, FastForward.MAX_WIDTH + 8, 2, Activation.SILU, 0),
                new MlpArchitecture(2, 16, 2, Activation.TANH, 2),
                // so wide that a part's rows run in blocks (an activation of 1 250 x 14 000 floats is past the block's 2^24)
                new MlpArchitecture(2, 14_000, 1, Activation.SILU, 0))) {
            MlpParameters parameters = MlpParameters.initialise(architecture, 21);
            MlpVelocityField field = new MlpVelocityField(parameters);
            assertFalse(field.usesVectorForward(), architecture + " should run on ND4J");
            ReferenceMlp reference = new ReferenceMlp(architecture, parameters.toTensors());
            int n = 2501;
            float[] x = points(n, 2, 22);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (i % 97) / 96f;
            }
            float[] out = new float[2 * n];
            float[] divergence = new float[n];
            field.evaluate(x, n, t, out);
            for (int i = 0; i < n; i++) {
                double[] expected = reference.evaluate(new double[] {x[2 * i], x[2 * i + 1]}, t[i]);
                assertEquals(expected[0], out[2 * i], 1e-5, architecture + " row " + i);
                assertEquals(expected[1], out[2 * i + 1], 1e-5, architecture + " row " + i);
            }
            float[] withDivergence = new float[2 * n];
            field.evaluateWithDivergence(x, n, t, withDivergence, divergence);
            float[] one = new float[2];
            float[] oneDivergence = new float[1];
            for (int i = 0; i < n; i += 7) {
                field.evaluateWithDivergence(new float[] {x[2 * i], x[2 * i + 1]}, 1, new float[] {t[i]}, one, oneDivergence);
                assertEquals(oneDivergence[0], divergence[i], 1e-5, architecture + " divergence row " + i);
                assertEquals(one[0], withDivergence[2 * i], 1e-5, architecture + " velocity row " + i);
            }
        }
    }

    /**
     * The gradient of a batch split into shards over the cores equals the sum of the gradients of
     * its 512-row quarters, each computed by an unsplit engine (backprop is linear in ∂L/∂v).
     */
    @Test
    void shardedGradientEqualsTheSumOverItsRows() {
        MlpArchitecture architecture = new MlpArchitecture(2, 64, 3, Activation.SILU, 0);
        MlpParameters parameters = MlpParameters.initialise(architecture, 31);
        int n = 2048;
        int quarter = n / 4;
        float[] x = points(n, 2, 32);
        float[] lossGradient = points(n, 2, 33);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i % 101) / 100f;
        }
        Nd4jParameters weights = Nd4jParameters.of(parameters);
        Nd4jParameters whole = Nd4jParameters.zeros(architecture);
        float[] v = new float[2 * n];
        try (MlpGradients engine = new MlpGradients(architecture, n)) {
            engine.forward(weights, x, t, null, v);
            engine.backward(weights, lossGradient, whole);
        }
        float[] summed = new float[(int) whole.flat().length()];
        float[] quarterV = new float[2 * quarter];
        for (int q = 0; q < 4; q++) {
            Nd4jParameters part = Nd4jParameters.zeros(architecture);
            try (MlpGradients engine = new MlpGradients(architecture, quarter)) {
                engine.forward(weights, java.util.Arrays.copyOfRange(x, 2 * q * quarter, 2 * (q + 1) * quarter),
                        java.util.Arrays.copyOfRange(t, q * quarter, (q + 1) * quarter), null, quarterV);
                engine.backward(weights, java.util.Arrays.copyOfRange(lossGradient, 2 * q * quarter,
                        2 * (q + 1) * quarter), part);
                for (int i = 0; i < 2 * quarter; i++) {
                    assertEquals(v[2 * q * quarter + i], quarterV[i], 1e-5, "velocity " + i + " of quarter " + q);
                }
            }
            float[] values = part.flat().data().asFloat();
            for (int k = 0; k < summed.length; k++) {
                summed[k] += values[k];
            }
        }
        float[] actual = whole.flat().data().asFloat();
        for (int k = 0; k < summed.length; k++) {
            assertEquals(summed[k], actual[k], 1e-3 + 1e-4 * Math.abs(summed[k]), "gradient entry " + k);
        }
    }

    private static double referenceLoss(ReferenceMlp mlp, float[] x, float[] t, float[] target, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] v = mlp.evaluate(new double[] {x[2 * i], x[2 * i + 1]}, t[i]);
            for (int j = 0; j < 2; j++) {
                double diff = v[j] - target[2 * i + j];
                sum += diff * diff;
            }
        }
        return sum / (2 * n);
    }

    @Test
    void exactDivergenceMatchesFiniteDifferences() {
        for (int d = 1; d <= 3; d++) {
            for (Activation activation : List.of(Activation.SILU, Activation.TANH)) {
                MlpArchitecture architecture = new MlpArchitecture(d, 24, 3, activation, 2);
                MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 9));
                ReferenceMlp reference = new ReferenceMlp(architecture, field.parameters().toTensors());
                int n = 20;
                float[] x = points(n, d, 10);
                float[] t = new float[n];
                for (int i = 0; i < n; i++) {
                    t[i] = i / (float) n;
                }
                float[] v = new float[n * d];
                float[] divergence = new float[n];
                field.evaluateWithDivergence(x, n, t, v, divergence);
                float[] plain = new float[n * d];
                field.evaluate(x, n, t, plain);
                double h = 1e-4;
                for (int i = 0; i < n; i++) {
                    assertEquals(plain[i * d], v[i * d], 1e-6, "velocity unchanged by the divergence pass");
                    double numeric = 0;
                    for (int j = 0; j < d; j++) {
                        double[] plus = new double[d];
                        double[] minus = new double[d];
                        for (int k = 0; k < d; k++) {
                            plus[k] = minus[k] = x[i * d + k];
                        }
                        plus[j] += h;
                        minus[j] -= h;
                        numeric += (reference.evaluate(plus, t[i])[j] - reference.evaluate(minus, t[i])[j]) / (2 * h);
                    }
                    assertEquals(numeric, divergence[i], 1e-4 + 1e-3 * Math.abs(numeric), "d=" + d + " " + activation);
                }
            }
        }
        MlpVelocityField wide = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(4, 8, 1), 1));
        assertFalse(wide.hasExactDivergence());
        assertThrows(UnsupportedOperationException.class,
                () -> wide.evaluateWithDivergence(new float[4], 1, new float[1], new float[4], new float[1]));
    }

    @Test
    void manyThreadsShareOneModel() throws Exception {
        // the Vector API pass, and the ND4J path with its pooled buffer sets (tanh has no Vector API
        // pass); 3 000 rows are split over the cores on the ND4J path
        for (Activation activation : List.of(Activation.SILU, Activation.TANH)) {
            MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(
                    new MlpArchitecture(2, 64, 3, activation, 0), 11));
            assertEquals(activation == Activation.SILU && VECTOR_MODULE, field.usesVectorForward());
            int n = 3000;
            float[] x = points(n, 2, 12);
            float[] expected = new float[2 * n];
            field.evaluate(x, n, 0.5f, expected);
            float[] expectedThird = new float[2 * n]; // a smaller batch splits differently: its own reference
            field.evaluate(x, n / 3, 0.5f, expectedThird);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int task = 0; task < 8; task++) {
                    int rows = task % 2 == 0 ? n : n / 3; // batch sizes vary between calls
                    float[] reference = task % 2 == 0 ? expected : expectedThird;
                    results.add(pool.submit(() -> {
                        float[] out = new float[2 * n];
                        for (int rep = 0; rep < 20; rep++) {
                            field.evaluate(x, rows, 0.5f, out);
                            if (!java.util.Arrays.equals(out, 0, 2 * rows, reference, 0, 2 * rows)) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertTrue(result.get(), activation + ": a thread saw another's buffers");
                }
            } finally {
                pool.shutdown();
                field.close();
            }
        }
    }

    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void siluNetsUpTo512WideTakeTheVectorApiPassWhenTheModuleIsPresent() {
        assertTrue(VECTOR_MODULE, "the tests run with --add-modules jdk.incubator.vector");
        for (int width : new int[] {64, 256, 512, 600}) {
            try (MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(MlpArchitecture.of(2, width, 3), 1))) {
                assertEquals(width <= FastForward.MAX_WIDTH, field.usesVectorForward(), width + " wide");
            }
        }
    }

    @Test
    void parametersRoundTripThroughTensors() {
        MlpArchitecture architecture = MlpArchitecture.of(3, 10, 2);
        MlpParameters parameters = MlpParameters.initialise(architecture, 13);
        List<float[]> tensors = parameters.toTensors();
        assertEquals(6, tensors.size());
        assertEquals(architecture.inputWidth() * 10, tensors.get(0).length);
        MlpParameters again = MlpParameters.fromTensors(architecture, tensors);
        assertArrayEquals(parameters.values(), again.values());
        float[] flat = parameters.toFlatArray();
        int at = 0;
        for (float[] tensor : tensors) {
            for (float value : tensor) {
                assertEquals(value, flat[at++], "flat array is the tensors end to end, entry " + (at - 1));
            }
        }
        assertEquals(flat.length, at);
        tensors.set(2, new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlpParameters.fromTensors(architecture, tensors));
        assertTrue(e.getMessage().contains("layer1.weight"), e.getMessage());
        // WORKLOADS.md: 2·(d_in·h + (L−1)·h² + h·d_out) with d_in = 3 ([x, y, t])
        assertEquals(2 * (3 * 256 + 3 * 256 * 256 + 256 * 2), MlpArchitecture.of(2, 256, 4).flopsPerEvaluation());
    }

    @Test
    void theVectorApiPassRunsWithoutAnNd4jCopyOfTheWeights() {
        MlpArchitecture architecture = MlpArchitecture.of(2, 64, 3);
        long heapBytes = 4L * architecture.parameterCount();
        try (MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 3))) {
            float[] x = points(2000, 2, 4);
            float[] out = new float[4000];
            field.evaluate(x, 2000, 0.5f, out);
            assertTrue(field.usesVectorForward());
            assertEquals(heapBytes, field.sizeInBytes(), "sampling made no off-heap copy of the weights");
            field.evaluateWithDivergence(x, 10, new float[10], new float[20], new float[10]);
            assertEquals(2 * heapBytes, field.sizeInBytes(), "the divergence runs on ND4J, which copies the weights once");
        }
    }
}
