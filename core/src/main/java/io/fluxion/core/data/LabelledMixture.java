package io.fluxion.core.data;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * K point sources, one per class, drawn in proportion to their weights. Immutable.
 */
final class LabelledMixture implements LabelledSource {

    private final String name;
    private final List<String> names;
    private final List<PointSource> parts;
    private final WeightedChoice choice;
    private final int dimension;

    LabelledMixture(String name, List<String> names, List<PointSource> parts, double[] weights) {
        this.name = Objects.requireNonNull(name, "name");
        if (names.size() != parts.size() || parts.size() != weights.length || parts.size() < 2) {
            throw new IllegalArgumentException(name + ": a labelled set needs at least two classes, with a name and a "
                    + "weight each");
        }
        this.names = List.copyOf(names);
        this.parts = List.copyOf(parts);
        this.dimension = parts.get(0).dimension();
        for (PointSource part : parts) {
            if (part.dimension() != dimension) {
                throw new IllegalArgumentException(name + ": every class needs the same dimension");
            }
        }
        this.choice = new WeightedChoice(weights);
    }

    @Override
    public List<String> labelNames() {
        return names;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        sample(out, new int[n], n, random);
    }

    @Override
    public void sample(float[] out, int[] labels, int n, RandomGenerator random) {
        float[] one = new float[dimension];
        for (int i = 0; i < n; i++) {
            int k = choice.pick(random);
            parts.get(k).sample(one, 1, random);
            System.arraycopy(one, 0, out, i * dimension, dimension);
            labels[i] = k;
        }
    }

    @Override
    public PointSource ofLabel(int label) {
        if (label < 0 || label >= parts.size()) {
            throw new IllegalArgumentException("label " + label + " is out of range: " + name + " has " + parts.size()
                    + " classes (0.." + (parts.size() - 1) + ")");
        }
        return parts.get(label);
    }

    @Override
    public String toString() {
        return name;
    }
}
