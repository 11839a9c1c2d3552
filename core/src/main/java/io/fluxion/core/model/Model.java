package io.fluxion.core.model;

import io.fluxion.core.field.BakedVelocityField;
import io.fluxion.core.field.VelocityField;
import io.fluxion.core.nn.GuidedField;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeResult;
import io.fluxion.core.ode.OdeSolver;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedule;
import io.fluxion.core.sample.Likelihood;
import io.fluxion.core.sample.Sampler;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A flow model: a velocity field in model coordinates (source N(0, I) at t = 0, data at
 * t = 1), the path schedule it was trained on, the {@link Normalization} between model and
 * data coordinates, and metadata (training settings and results, as strings).
 *
 * <p>Immutable and thread-safe (the field is). A model with an {@link MlpVelocityField} can be
 * saved with {@link ModelFiles}; an analytic one (e.g. a Gaussian-mixture field) cannot.
 */
public final class Model {

    /** Metadata key of a conditional model's class names, one per line, index = label. */
    public static final String LABELS_KEY = "labels";
    /** Metadata keys of the solver and steps a few-step model is made for (reflow, distillation). */
    public static final String SAMPLE_SOLVER_KEY = "sampleSolver";
    public static final String SAMPLE_STEPS_KEY = "sampleSteps";
    /** Metadata key naming the point set a data-to-data model was trained from (absent: N(0, I)). */
    public static final String SOURCE_KEY = "source";

    private final String name;
    private final VelocityField field;
    private final Schedule schedule;
    private final Normalization normalization;
    private final Map<String, String> metadata;

    public Model(String name, VelocityField field, Schedule schedule, Normalization normalization,
                 Map<String, String> metadata) {
        this.name = Objects.requireNonNull(name, "name");
        this.field = Objects.requireNonNull(field, "field");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.normalization = Objects.requireNonNull(normalization, "normalization");
        if (normalization.dimension() != field.dimension()) {
            throw new IllegalArgumentException("Model " + name + ": normalisation has dimension "
                    + normalization.dimension() + ", field " + field.dimension());
        }
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public String name() {
        return name;
    }

    /** @return the velocity field in model coordinates. */
    public VelocityField field() {
        return field;
    }

    public int dimension() {
        return field.dimension();
    }

    public Schedule schedule() {
        return schedule;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** @return training settings and results (read-only). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Draws n samples in data coordinates: source noise N(0, I) integrated from t = 0 to 1 in
     * model coordinates, then mapped by the normalisation.
     *
     * @param solver a solver owned by the caller (its buffers are reused)
     * @return samples [n, d]
     */
    public float[] sample(int n, OdeSolver solver, TimeGrid grid, RandomGenerator random) {
        float[] samples = new Sampler(field, solver, grid).sample(n, random);
        normalization.toData(samples, n);
        return samples;
    }

    /**
     * Carries given points along the flow from t = 0 to t = 1, in data coordinates: what a
     * data-to-data model (trained with a source point set) does to its source's points, or any
     * model to points placed where its noise would be.
     *
     * @param points [n, d] in data coordinates; not changed
     * @return the transported points [n, d]
     */
    public float[] transport(float[] points, int n, OdeSolver solver, TimeGrid grid) {
        float[] x = Arrays.copyOf(points, n * dimension());
        normalization.toModel(x, n);
        new Sampler(field, solver, grid).toData(x, n);
        normalization.toData(x, n);
        return x;
    }

    /** @return the name of the point set this model transports from, or null when its source is N(0, I) */
    public String sourceName() {
        return metadata.get(SOURCE_KEY);
    }

    /**
     * Exact log-densities log p(x) of the model's distribution at n points in <em>data</em>
     * coordinates (those {@link #sample} returns): the points are mapped to model coordinates,
     * carried back to the source by {@link Likelihood}, and the normalisation's log-determinant
     * is subtracted, so the result is a density over data space. The divergence is exact for
     * network and Gaussian-mixture fields, Hutchinson's estimate otherwise.
     *
     * @param points [n, d] in data coordinates; not changed
     * @param out    [n] receives log p
     * @param solver a solver owned by the caller (an adaptive one such as dopri5 is the accurate choice)
     * @param grid   the time grid (for an adaptive solver, its output points)
     * @return the cost of the backward solve
     */
    public OdeResult logDensity(float[] points, int n, double[] out, OdeSolver solver, TimeGrid grid) {
        float[] modelSide = Arrays.copyOf(points, n * dimension());
        normalization.toModel(modelSide, n);
        OdeResult cost = new Likelihood(field, solver, grid).logDensity(modelSide, n, out);
        double logScale = normalization.logDeterminant();
        for (int i = 0; i < n; i++) {
            out[i] -= logScale;
        }
        return cost;
    }

    /**
     * The same model with its field baked onto a grid ({@link BakedVelocityField}): the cube
     * covers the source (±4.5) and 1.2 × the largest coordinate of 2 000 quick samples (Euler,
     * 16 steps), in model coordinates. Costs resolution^d · timeSlices evaluations of the field.
     * The name is kept; the metadata gains {@code baked = "R^d x T"}.
     */
    public Model baked(int resolution, int timeSlices) {
        float[] samples = new Sampler(field, OdeSolvers.euler(), TimeGrid.uniform(16))
                .sample(2000, new SplittableRandom(0));
        double extent = 4.5;
        for (float value : samples) {
            if (Float.isFinite(value)) {
                extent = Math.max(extent, 1.2 * Math.abs(value));
            }
        }
        BakedVelocityField baked = BakedVelocityField.bake(field, extent, resolution, timeSlices);
        Map<String, String> bakedMetadata = new LinkedHashMap<>(metadata);
        bakedMetadata.put("baked", resolution + "^" + dimension() + " x " + timeSlices);
        return new Model(name, baked, schedule, normalization, bakedMetadata);
    }

    /** @return the solver the model's file says it is made for, if it says (a few-step model) */
    public Optional<String> recordedSolver() {
        return Optional.ofNullable(metadata.get(SAMPLE_SOLVER_KEY));
    }

    /** @return the steps the model's file says it is made for, if it says (1..10 000; a malformed value counts as none) */
    public OptionalInt recordedSteps() {
        try {
            String value = metadata.get(SAMPLE_STEPS_KEY);
            int steps = value == null ? 0 : Integer.parseInt(value);
            return steps >= 1 && steps <= 10_000 ? OptionalInt.of(steps) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** @return a conditional model's class names (index = label); empty for an unconditional model */
    public List<String> labelNames() {
        String names = metadata.get(LABELS_KEY);
        return names == null || names.isEmpty() ? List.of() : List.of(names.split("\n", -1));
    }

    /**
     * The model for one class of a conditional model, with classifier-free guidance scale
     * {@code guidance} ({@link GuidedField}): an ordinary model that samples, streams, bakes and
     * exports like any other. Shares this model's net (closing it leaves the net open).
     *
     * @param label a class 0..K−1, or {@link MlpArchitecture#NULL_LABEL} for the unconditional field
     * @throws IllegalArgumentException when the model is not conditional or the label is out of range
     */
    public Model conditioned(int label, double guidance) {
        MlpVelocityField net = MlpVelocityField.of(field).filter(f -> f.architecture().isConditional())
                .orElseThrow(() -> new IllegalArgumentException("model " + name + " is not conditional (it was trained "
                        + "without labels)"));
        List<String> names = labelNames();
        String className = label == MlpArchitecture.NULL_LABEL ? "unconditional"
                : label >= 0 && label < names.size() ? names.get(label) : Integer.toString(label);
        Map<String, String> conditionedMetadata = new LinkedHashMap<>(metadata);
        conditionedMetadata.put("label", className);
        conditionedMetadata.put("guidance", Double.toString(guidance));
        return new Model(name + " [" + className + "]", new GuidedField(net, label, guidance), schedule, normalization,
                conditionedMetadata);
    }

    /** @return the same model under another name. */
    public Model withName(String newName) {
        return new Model(newName, field, schedule, normalization, metadata);
    }

    @Override
    public String toString() {
        return "Model[" + name + ", " + field + ", " + schedule.describe() + "]";
    }
}
