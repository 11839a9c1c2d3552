package io.fluxion.core.nn.nd4j;

import io.fluxion.core.nn.MlpArchitecture;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Helpers shared by the inference and training buffers of an MLP. */
public final class MlpBuffers {

    private MlpBuffers() {
    }

    /** A c-order float32 matrix [rows, columns]. */
    static INDArray matrix(long rows, long columns) {
        return Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
    }

    /** A live NIO window on the whole (non-view) array. */
    static FloatBuffer window(INDArray array) {
        return array.data().asNioFloat();
    }

    /**
     * Writes rows [x_i, features(t_i), one-hot(label_i)] for i in [first, first + n) into rows
     * 0..n−1 of the input window; times null means the shared time, labels null (or
     * {@link MlpArchitecture#NULL_LABEL}) no label.
     */
    static void loadInput(MlpArchitecture architecture, float[] x, int first, int n, float sharedTime, float[] times,
                          int[] labels, float[] featureScratch, FloatBuffer input) {
        int d = architecture.dimension();
        int width = architecture.inputWidth();
        int features = architecture.timeFeatures();
        int classes = architecture.labels();
        if (times == null) {
            architecture.timeFeatures(sharedTime, featureScratch, 0);
        }
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int j = 0; j < d; j++) {
                input.put(row + j, x[(first + i) * d + j]);
            }
            if (times != null) {
                architecture.timeFeatures(times[first + i], featureScratch, 0);
            }
            for (int k = 0; k < features; k++) {
                input.put(row + d + k, featureScratch[k]);
            }
            if (classes > 0) {
                int label = labels == null ? MlpArchitecture.NULL_LABEL : labels[first + i];
                for (int k = 0; k < classes; k++) {
                    input.put(row + d + features + k, k == label ? 1f : 0f);
                }
            }
        }
    }
}
