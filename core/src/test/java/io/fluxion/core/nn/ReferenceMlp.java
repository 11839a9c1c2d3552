package io.fluxion.core.nn;

import java.util.List;

/** A plain-Java, double-precision MLP written from the definition, as an independent reference. */
final class ReferenceMlp {

    private final MlpArchitecture architecture;
    private final List<float[]> tensors;

    ReferenceMlp(MlpArchitecture architecture, List<float[]> tensors) {
        this.architecture = architecture;
        this.tensors = tensors;
    }

    static double activate(Activation activation, double z) {
        switch (activation) {
            case SILU: return z / (1 + Math.exp(-z));
            case RELU: return Math.max(0, z);
            case TANH: return Math.tanh(z);
            default: throw new AssertionError();
        }
    }

    double[] evaluate(double[] x, double t) {
        int d = architecture.dimension();
        double[] input = new double[architecture.inputWidth()];
        System.arraycopy(x, 0, input, 0, d);
        input[d] = t;
        for (int k = 1; k <= architecture.fourierFrequencies(); k++) {
            input[d + 2 * k - 1] = Math.sin(Math.PI * k * t);
            input[d + 2 * k] = Math.cos(Math.PI * k * t);
        }
        double[] current = input;
        for (int l = 0; l < architecture.layers(); l++) {
            int in = architecture.layerInputs(l);
            int out = architecture.layerOutputs(l);
            float[] w = tensors.get(2 * l);
            float[] b = tensors.get(2 * l + 1);
            double[] next = new double[out];
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += current[i] * w[i * out + o];
                }
                next[o] = l < architecture.depth() ? activate(architecture.activation(), sum) : sum;
            }
            current = next;
        }
        return current;
    }
}
