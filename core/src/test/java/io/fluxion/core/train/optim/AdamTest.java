package io.fluxion.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.nd4j.Nd4jParameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class AdamTest {

    /** Large enough (198 914 parameters) to be split over the cores and into several chunks per part. */
    private static final MlpArchitecture ARCHITECTURE = MlpArchitecture.of(2, 256, 4);

    /** A different pseudo-gradient per step, of mixed signs and sizes. */
    private static Nd4jParameters gradient(int step) {
        Nd4jParameters gradient = Nd4jParameters.of(MlpParameters.initialise(ARCHITECTURE, 100 + step));
        gradient.flat().muli(step % 2 == 0 ? 3 : -0.5);
        return gradient;
    }

    @Test
    void matchesDl4jAdamFollowedBySubtraction() {
        Nd4jParameters ours = Nd4jParameters.of(MlpParameters.initialise(ARCHITECTURE, 1));
        Nd4jParameters theirs = ours.copy();
        Adam adam = new Adam(ARCHITECTURE.parameterCount(), 0.9, 0.999, 1e-8);
        org.nd4j.linalg.learning.config.Adam config = new org.nd4j.linalg.learning.config.Adam(1e-3, 0.9, 0.999, 1e-8);
        long stateSize = config.stateSize(ARCHITECTURE.parameterCount());
        INDArray state = Nd4j.create(DataType.FLOAT, stateSize);
        GradientUpdater<?> updater = config.instantiate(state.reshape(1, stateSize), true);
        for (int step = 0; step < 6; step++) {
            Nd4jParameters gradient = gradient(step);
            adam.step(ours, gradient, step, 1e-3, 0);
            updater.applyUpdater(gradient.flat(), step, 0);
            theirs.flat().subi(gradient.flat());
        }
        float[] a = ours.toParameters().values();
        float[] b = theirs.toParameters().values();
        float[] start = MlpParameters.initialise(ARCHITECTURE, 1).toFlatArray();
        double worst = 0;
        double moved = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
            moved = Math.max(moved, Math.abs(a[i] - start[i]));
        }
        assertTrue(worst < 1e-6, "largest difference to DL4J's Adam " + worst);
        assertTrue(moved > 1e-3, "the parameters moved only " + moved);
    }

    @Test
    void matchesADoublePrecisionReferenceWithWeightDecay() {
        Nd4jParameters parameters = Nd4jParameters.of(MlpParameters.initialise(ARCHITECTURE, 2));
        double[] theta = toDouble(parameters.toParameters().values());
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        double beta1 = 0.8;
        double beta2 = 0.99;
        double epsilon = 1e-6;
        double weightDecay = 0.1;
        Adam adam = new Adam(ARCHITECTURE.parameterCount(), beta1, beta2, epsilon);
        for (int step = 0; step < 4; step++) {
            double rate = 0.01 / (step + 1);
            Nd4jParameters gradient = gradient(step);
            float[] g = gradient.toParameters().values();
            adam.step(parameters, gradient, step, rate, weightDecay);
            double stepSize = rate * Math.sqrt(1 - Math.pow(beta2, step + 1)) / (1 - Math.pow(beta1, step + 1));
            for (int i = 0; i < theta.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                theta[i] = theta[i] * (1 - rate * weightDecay) - stepSize * m[i] / (Math.sqrt(v[i]) + epsilon);
            }
        }
        float[] ours = parameters.toParameters().values();
        for (int i = 0; i < theta.length; i++) {
            assertEquals(theta[i], ours[i], 2e-6, "entry " + i);
        }
    }

    @Test
    void rejectsBadSettingsAndMismatchedVectors() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(10, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(10, 0.9, -0.1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(10, 0.9, 0.999, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0, 0.9, 0.999, 1e-8));
        Adam adam = new Adam(ARCHITECTURE.parameterCount(), 0.9, 0.999, 1e-8);
        MlpArchitecture smaller = MlpArchitecture.of(2, 8, 2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> adam.step(Nd4jParameters.zeros(smaller), Nd4jParameters.zeros(smaller), 0, 1e-3, 0));
        assertTrue(error.getMessage().contains(Long.toString(ARCHITECTURE.parameterCount())), error.getMessage());
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
