package io.fluxion.core.data;

import java.util.random.RandomGenerator;

/** A toy data set given by a rule that writes one point at a time (the 2-D and 3-D built-in sets). */
final class RuleSource implements PointSource {

    /** Writes point i of the set into out [n, d]. */
    @FunctionalInterface
    interface Rule {
        void write(float[] out, int i, RandomGenerator random);
    }

    private final String name;
    private final int dimension;
    private final Rule rule;

    RuleSource(String name, int dimension, Rule rule) {
        this.name = name;
        this.dimension = dimension;
        this.rule = rule;
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
        for (int i = 0; i < n; i++) {
            rule.write(out, i, random);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
