package io.fluxion.core.train;

import io.fluxion.core.coupling.Coupling;
import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.data.Noise;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.nn.nd4j.MlpGradients;
import io.fluxion.core.nn.nd4j.Nd4jParameters;
import io.fluxion.core.path.AffinePath;
import io.fluxion.core.train.optim.Adam;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One subscriber's training run: the parameters, Adam state, optional EMA copy, the MLP's
 * training buffers and the batch arrays, all allocated once and reused every step, and
 * freed by {@link #close()} when the run completes, fails or is cancelled.
 *
 * <p>Each step draws fresh x1 (data, normalised), x0 ~ N(0, I) and t, pairs them with the
 * coupling, and takes one Adam step on the loss mean over rows and coordinates of
 * w(t)·(v(x_t, t) − u_t)², the conditional flow matching loss of Lipman et al., arXiv 2210.02747.
 * Confined to one thread at a time.
 */
final class TrainingRun implements AutoCloseable {

    /** Runs constructed and not yet closed, in this JVM (for tests of resource release). */
    static final AtomicInteger OPEN_RUNS = new AtomicInteger();

    private final PointSource data;
    /** The t = 0 side when it is a point set; null for N(0, I). */
    private final PointSource source;
    /** Reflow: fixed pairs drawn by a teacher (then source is null and no coupling is used). */
    private final TeacherPairs pairs;
    /** Distillation: a teacher's K-step targets (then the loss regresses them directly, no path). */
    private final TeacherSteps teacherSteps;
    private final TrainingConfig config;
    private final MlpArchitecture architecture;
    private final AffinePath path;
    private final Coupling coupling;
    private final Normalization normalization;
    private final SplittableRandom random;
    private final Nd4jParameters parameters;
    private final Nd4jParameters gradient;
    private final Nd4jParameters average;
    private final Adam adam;
    private final MlpGradients engine;
    private final int batch;
    private final int d;
    private final float[] x0;
    private final float[] x1;
    /** Labelled data: the batch's classes as drawn, and as the net sees them (some dropped to the null label). */
    private final LabelledSource labelled;
    private final int[] labels;
    private final int[] inputLabels;
    private final LabelPairing pairing;
    private final float[] times;
    private final float[] xt;
    private final float[] ut;
    private final float[] velocity;
    private final float[] lossGradient;
    private final double[] weights;
    private final long startNanos = System.nanoTime();
    private int step;
    private double lossSinceEvent;
    private int stepsSinceEvent;
    private boolean closed;

    TrainingRun(PointSource source, PointSource data, TrainingConfig config) {
        this.source = source;
        this.data = data;
        this.pairs = data instanceof TeacherPairs teacherPairs ? teacherPairs : null;
        this.teacherSteps = data instanceof TeacherSteps steps ? steps : null;
        this.config = config;
        this.d = data.dimension();
        this.batch = config.batchSize();
        this.labelled = data instanceof LabelledSource classes ? classes : null;
        int classes = labelled != null ? labelled.classes() : teacherSteps != null ? teacherSteps.classes() : 0;
        this.architecture = new MlpArchitecture(d, config.width(), config.depth(), config.activation(),
                config.fourierFrequencies(), classes);
        this.path = new AffinePath(config.schedule());
        this.coupling = config.newCoupling();
        this.random = new SplittableRandom(config.seed());
        this.normalization = pairs != null ? pairs.normalization() : teacherSteps != null ? teacherSteps.normalization()
                : config.normalize()
                ? fitNormalization(data, config.dataRms(), new SplittableRandom(config.seed() ^ 0x6e6f726dL))
                : Normalization.identity(d);
        this.parameters = Nd4jParameters.of(MlpParameters.initialise(architecture, config.seed()));
        this.gradient = Nd4jParameters.zeros(architecture);
        this.average = config.emaDecay() > 0 ? Nd4jParameters.zeros(architecture) : null;
        this.adam = new Adam(architecture.parameterCount(), config.beta1(), config.beta2(), config.epsilon());
        this.engine = new MlpGradients(architecture, batch);
        this.x0 = new float[batch * d];
        this.x1 = new float[batch * d];
        this.labels = labelled == null ? null : new int[batch];
        this.inputLabels = classes == 0 ? null : new int[batch];
        this.pairing = labelled == null ? null : new LabelPairing(batch, d, labelled.classes());
        this.times = new float[batch];
        this.xt = new float[batch * d];
        this.ut = new float[batch * d];
        this.velocity = new float[batch * d];
        this.lossGradient = new float[batch * d];
        this.weights = new double[batch];
        OPEN_RUNS.incrementAndGet();
    }

    private static Normalization fitNormalization(PointSource data, double targetRms, SplittableRandom random) {
        int n = 20_000;
        float[] sample = new float[n * data.dimension()];
        data.sample(sample, n, random);
        return Normalization.fit(sample, n, data.dimension(), targetRms);
    }

    boolean isDone() {
        return step >= config.steps();
    }

    int step() {
        return step;
    }

    /** Runs one optimisation step; returns its loss. */
    double runStep() {
        if (teacherSteps != null) {
            teacherSteps.sampleRows(xt, times, ut, inputLabels, batch, random);
            java.util.Arrays.fill(weights, 1.0);
            return fit();
        }
        if (pairs != null) {
            pairs.samplePairs(x0, x1, batch, random);
            sampleTimes();
            return optimise();
        }
        if (labelled != null) {
            labelled.sample(x1, labels, batch, random);
        } else {
            data.sample(x1, batch, random);
        }
        normalization.toModel(x1, batch);
        if (source != null) {
            source.sample(x0, batch, random);
            normalization.toModel(x0, batch);
        } else {
            Noise.fill(x0, x0.length, random);
        }
        sampleTimes();
        if (labelled != null) {
            pairing.pair(coupling, x0, x1, labels, random); // pairs within each class
            double dropout = config.labelDropout();
            for (int i = 0; i < batch; i++) {
                inputLabels[i] = random.nextDouble() < dropout ? MlpArchitecture.NULL_LABEL : labels[i];
            }
        } else {
            coupling.pair(x0, x1, batch, d, random);
        }
        return optimise();
    }

    /** A flow time and its loss weight for each row. */
    private void sampleTimes() {
        for (int i = 0; i < batch; i++) {
            double t = config.timeSampling().sample(random);
            times[i] = (float) t;
            weights[i] = config.lossWeight().weight(t);
        }
    }

    /** The CFM loss on the paired batch (x0, x1) and one Adam step; returns the loss. */
    private double optimise() {
        path.sample(x0, x1, times, batch, d, xt, ut);
        return fit();
    }

    /** The weighted squared error of the net's v(xt, t) against ut, and one Adam step; returns the loss. */
    private double fit() {
        engine.forward(parameters, xt, times, inputLabels, velocity);
        double loss = 0;
        double normaliser = 1.0 / ((double) batch * d);
        for (int i = 0; i < batch; i++) {
            double w = weights[i];
            for (int j = i * d; j < (i + 1) * d; j++) {
                double diff = velocity[j] - ut[j];
                loss += w * diff * diff;
                lossGradient[j] = (float) (2 * w * diff * normaliser);
            }
        }
        loss *= normaliser;
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("training diverged at step " + (step + 1) + ": loss is " + loss
                    + " (learning rate " + config.learningRateAt(step) + "); lower the learning rate");
        }
        engine.backward(parameters, lossGradient, gradient);
        adam.step(parameters, gradient, step, config.learningRateAt(step), config.weightDecay());
        if (average != null) {
            double decay = config.emaDecay();
            average.flat().muli(decay);
            Nd4j.getBlasWrapper().level1().axpy(architecture.parameterCount(), 1 - decay, parameters.flat(),
                    average.flat());
        }
        step++;
        lossSinceEvent += loss;
        stepsSinceEvent++;
        return loss;
    }

    /** A progress event covering the steps since the previous one. */
    TrainingEvent progress() {
        double loss = stepsSinceEvent == 0 ? Double.NaN : lossSinceEvent / stepsSinceEvent;
        lossSinceEvent = 0;
        stepsSinceEvent = 0;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? step / seconds : 0;
        Duration remaining = rate > 0 ? Duration.ofMillis((long) ((config.steps() - step) / rate * 1000)) : Duration.ZERO;
        return new TrainingEvent(step, config.steps(), loss, rate, remaining, null);
    }

    /**
     * The final event with the trained model; copies the weights. With EMA, the average started
     * at zero and is divided by 1 − decay^steps, so no trace of the initial weights remains.
     */
    TrainingEvent completed(double lastLoss) {
        TrainingEvent progress = progress();
        MlpParameters finalWeights = (average != null ? average : parameters).toParameters();
        if (average != null) {
            float correction = (float) (1 - Math.pow(config.emaDecay(), step));
            float[] values = finalWeights.values();
            for (int k = 0; k < values.length; k++) {
                values[k] /= correction; // a fresh copy nobody shares yet
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("data", data.name());
        metadata.put("steps", Integer.toString(config.steps()));
        metadata.put("batchSize", Integer.toString(batch));
        metadata.put("learningRate", Double.toString(config.learningRate()));
        metadata.put("warmupSteps", Integer.toString(config.warmupSteps()));
        metadata.put("cosineDecay", Boolean.toString(config.cosineDecay()));
        metadata.put("weightDecay", Double.toString(config.weightDecay()));
        metadata.put("emaDecay", Double.toString(config.emaDecay()));
        metadata.put("coupling", coupling.name());
        metadata.put("timeSampling", config.timeSampling().describe());
        metadata.put("lossWeight", config.lossWeight().describe());
        metadata.put("seed", Long.toString(config.seed()));
        if (pairs != null) {
            metadata.put("coupling", "teacher pairs (reflow)");
        }
        if (teacherSteps != null) {
            metadata.put("coupling", "teacher steps (distillation)");
            if (teacherSteps.classes() > 0) {
                metadata.put(Model.LABELS_KEY, String.join("\n", teacherSteps.labelNames()));
            }
        }
        if (source != null) {
            metadata.put(Model.SOURCE_KEY, source.name());
        }
        if (labelled != null) {
            metadata.put(Model.LABELS_KEY, String.join("\n", labelled.labelNames()));
            metadata.put("labelDropout", Double.toString(config.labelDropout()));
        }
        metadata.put("finalLoss", Double.toString(Double.isNaN(progress.loss()) ? lastLoss : progress.loss()));
        metadata.put("stepsPerSecond", String.format(Locale.ROOT, "%.2f", progress.stepsPerSecond()));
        String name = config.modelName() != null ? config.modelName() : data.name();
        Model model = new Model(name, new MlpVelocityField(finalWeights), config.schedule(), normalization, metadata);
        return new TrainingEvent(progress.step(), progress.totalSteps(), progress.loss(), progress.stepsPerSecond(),
                Duration.ZERO, model);
    }

    /** Frees the buffers and optimiser state now; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN_RUNS.decrementAndGet();
        engine.close();
        gradient.close();
        parameters.close();
        if (average != null) {
            average.close();
        }
    }
}
