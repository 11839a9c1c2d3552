package io.fluxion.core.train;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.coupling.Coupling;
import io.fluxion.core.coupling.Couplings;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.train.optim.Adam;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;

/**
 * Everything a CFM training run needs besides its data; immutable, built with {@link #builder()}.
 * Defaults: width 256 × depth 4, SiLU, t concatenated; CondOT with σ_min = 0; independent
 * coupling; batch 1024; 2 000 steps; Adam (lr 1e-3, β 0.9/0.999, ε 1e-8, no weight decay); no
 * warm-up, no decay; no EMA; uniform t; w(t) = 1; data centred and scaled to RMS 2 (against the
 * source's 1; why: the design notes); seed 0; an event every 10 steps; the shared compute
 * scheduler.
 */
public final class TrainingConfig {

    private final int width;
    private final int depth;
    private final Activation activation;
    private final int fourierFrequencies;
    private final Schedule schedule;
    private final Supplier<Coupling> coupling;
    private final int batchSize;
    private final int steps;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final int warmupSteps;
    private final boolean cosineDecay;
    private final double emaDecay;
    private final double labelDropout;
    private final TimeSampling timeSampling;
    private final LossWeight lossWeight;
    private final boolean normalize;
    private final double dataRms;
    private final long seed;
    private final int reportEvery;
    private final Scheduler scheduler;
    private final String modelName;

    private TrainingConfig(Builder b) {
        this.width = b.width;
        this.depth = b.depth;
        this.activation = b.activation;
        this.fourierFrequencies = b.fourierFrequencies;
        this.schedule = b.schedule;
        this.coupling = b.coupling;
        this.batchSize = b.batchSize;
        this.steps = b.steps;
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.warmupSteps = b.warmupSteps;
        this.cosineDecay = b.cosineDecay;
        this.emaDecay = b.emaDecay;
        this.labelDropout = b.labelDropout;
        this.timeSampling = b.timeSampling;
        this.lossWeight = b.lossWeight;
        this.normalize = b.normalize;
        this.dataRms = b.dataRms;
        this.seed = b.seed;
        this.reportEvery = b.reportEvery;
        this.scheduler = b.scheduler;
        this.modelName = b.modelName;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int width() { return width; }
    public int depth() { return depth; }
    public Activation activation() { return activation; }
    public int fourierFrequencies() { return fourierFrequencies; }
    public Schedule schedule() { return schedule; }
    /** @return a new coupling instance (couplings keep scratch buffers). */
    public Coupling newCoupling() { return coupling.get(); }
    public int batchSize() { return batchSize; }
    public int steps() { return steps; }
    public double learningRate() { return learningRate; }
    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return epsilon; }
    public double weightDecay() { return weightDecay; }
    public int warmupSteps() { return warmupSteps; }
    public boolean cosineDecay() { return cosineDecay; }
    /** @return the EMA decay of the weights, 0 when off. */
    public double emaDecay() { return emaDecay; }
    /** For labelled data: the share of rows trained with the null label (the unconditional field guidance needs). */
    public double labelDropout() { return labelDropout; }
    public TimeSampling timeSampling() { return timeSampling; }
    public LossWeight lossWeight() { return lossWeight; }
    public boolean normalize() { return normalize; }
    /** @return the RMS the data is scaled to in model coordinates when normalising. */
    public double dataRms() { return dataRms; }
    public long seed() { return seed; }
    public int reportEvery() { return reportEvery; }
    public Scheduler scheduler() { return scheduler; }
    /** @return the model's name, or null to use the data's name. */
    public String modelName() { return modelName; }

    /**
     * The learning rate at a step (0-based): linear warm-up over {@code warmupSteps}, then
     * constant or cosine decay to zero at the last step.
     */
    public double learningRateAt(int step) {
        double rate = learningRate;
        if (step < warmupSteps) {
            rate *= (step + 1.0) / warmupSteps;
        } else if (cosineDecay) {
            double progress = (step - warmupSteps) / (double) Math.max(1, steps - warmupSteps);
            rate *= 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return rate;
    }

    /** The largest minibatch: its activations and gradients take about 16 × width × depth bytes a row. */
    public static final int MAX_BATCH = 65_536;
    /** The most floats of one layer's activations over a batch (batch × width): 256 MB, kept several times. */
    public static final long MAX_BATCH_ACTIVATIONS = 1L << 26;
    /** The most training steps one run takes (about a day at 1 000 steps a second). */
    public static final int MAX_STEPS = 100_000_000;

    /** Builder with the defaults listed on {@link TrainingConfig}; each setter checks its value. */
    public static final class Builder {
        private int width = 256;
        private int depth = 4;
        private Activation activation = Activation.SILU;
        private int fourierFrequencies = 0;
        private Schedule schedule = Schedules.condOt(0);
        private Supplier<Coupling> coupling = Couplings::independent;
        private int batchSize = 1024;
        private int steps = 2000;
        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 0;
        private int warmupSteps = 0;
        private boolean cosineDecay = false;
        private double emaDecay = 0;
        private double labelDropout = 0.1;
        private TimeSampling timeSampling = TimeSampling.uniform();
        private LossWeight lossWeight = LossWeight.none();
        private boolean normalize = true;
        private double dataRms = 2;
        private long seed = 0;
        private int reportEvery = 10;
        private Scheduler scheduler = ComputeScheduler.shared();
        private String modelName;

        private Builder() {
        }

        public Builder width(int value) { this.width = positive("width", value); return this; }
        public Builder depth(int value) { this.depth = positive("depth", value); return this; }
        public Builder activation(Activation value) { this.activation = Objects.requireNonNull(value); return this; }
        public Builder fourierFrequencies(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("TrainingConfig: fourierFrequencies must be >= 0, got " + value);
            }
            this.fourierFrequencies = value;
            return this;
        }
        public Builder schedule(Schedule value) { this.schedule = Objects.requireNonNull(value); return this; }
        /** @param value makes a new coupling per run, e.g. {@code Couplings::exactOt} */
        public Builder coupling(Supplier<Coupling> value) { this.coupling = Objects.requireNonNull(value); return this; }
        public Builder batchSize(int value) { this.batchSize = inRange("batchSize", value, MAX_BATCH); return this; }
        public Builder steps(int value) { this.steps = inRange("steps", value, MAX_STEPS); return this; }
        public Builder learningRate(double value) { this.learningRate = positiveReal("learningRate", value); return this; }
        public Builder betas(double first, double second) {
            if (!(first >= 0 && first < 1 && second >= 0 && second < 1)) {
                throw new IllegalArgumentException("TrainingConfig: Adam betas must be in [0, 1), got " + first + ", " + second);
            }
            this.beta1 = first;
            this.beta2 = second;
            return this;
        }
        public Builder epsilon(double value) { this.epsilon = positiveReal("epsilon", value); return this; }
        public Builder weightDecay(double value) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("TrainingConfig: weightDecay must be >= 0, got " + value);
            }
            this.weightDecay = value;
            return this;
        }
        public Builder warmupSteps(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("TrainingConfig: warmupSteps must be >= 0, got " + value);
            }
            this.warmupSteps = value;
            return this;
        }
        public Builder cosineDecay(boolean value) { this.cosineDecay = value; return this; }
        /** Labelled data: the probability a row's label is dropped to the null label, in [0, 1); default 0.1. */
        public Builder labelDropout(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("TrainingConfig: labelDropout must be in [0, 1), got " + value);
            }
            this.labelDropout = value;
            return this;
        }

        /** @param value EMA decay in [0, 1); 0 turns EMA off */
        public Builder emaDecay(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("TrainingConfig: emaDecay must be in [0, 1), got " + value);
            }
            this.emaDecay = value;
            return this;
        }
        public Builder timeSampling(TimeSampling value) { this.timeSampling = Objects.requireNonNull(value); return this; }
        public Builder lossWeight(LossWeight value) { this.lossWeight = Objects.requireNonNull(value); return this; }
        public Builder normalize(boolean value) { this.normalize = value; return this; }
        /** @param value the RMS of the data in model coordinates, against the source's 1 */
        public Builder dataRms(double value) { this.dataRms = positiveReal("dataRms", value); return this; }
        public Builder seed(long value) { this.seed = value; return this; }
        public Builder reportEvery(int value) { this.reportEvery = positive("reportEvery", value); return this; }
        public Builder scheduler(Scheduler value) { this.scheduler = Objects.requireNonNull(value); return this; }
        public Builder modelName(String value) { this.modelName = value; return this; }

        public TrainingConfig build() {
            if (warmupSteps > steps) {
                throw new IllegalArgumentException("TrainingConfig: warmupSteps " + warmupSteps + " exceed steps " + steps);
            }
            // the network's size, before any data is read or drawn (the data's dimension adds little; it is checked again then)
            MlpArchitecture.checkSize(width, depth);
            if ((long) batchSize * width > MAX_BATCH_ACTIVATIONS) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "TrainingConfig: batchSize x width = "
                        + "%,d floats a layer, more than the limit of %,d (a smaller batch or a narrower net)",
                        (long) batchSize * width, MAX_BATCH_ACTIVATIONS));
            }
            Coupling pairing = coupling.get();
            if (batchSize > pairing.maxBatch()) {
                throw new IllegalArgumentException("TrainingConfig: batchSize " + batchSize + " is more than the limit of "
                        + pairing.maxBatch() + " of the " + pairing.name() + " coupling (it holds a batch x batch matrix)");
            }
            return new TrainingConfig(this);
        }

        private static int inRange(String name, int value, int limit) {
            if (value < 1 || value > limit) {
                throw new IllegalArgumentException("TrainingConfig: " + name + " must be in [1, " + limit + "], got " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("TrainingConfig: " + name + " must be >= 1, got " + value);
            }
            return value;
        }

        private static double positiveReal(String name, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("TrainingConfig: " + name + " must be > 0, got " + value);
            }
            return value;
        }
    }
}
