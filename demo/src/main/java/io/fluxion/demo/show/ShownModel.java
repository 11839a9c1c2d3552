package io.fluxion.demo.show;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.GaussianMixture;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.field.GaussianMixtureField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.store.ModelKey;
import io.fluxion.render.Camera;
import io.fluxion.render.Camera2D;
import io.fluxion.render.ColourMap;
import io.fluxion.render.ColourMode;
import io.fluxion.render.OrbitCamera;
import io.fluxion.render.ParticleRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model a command shows: from {@code --model FILE}, {@code --model NAME} (a bundled model),
 * {@code --data NAME} (a Gaussian mixture with its exact field) or the default bundled model;
 * with its store key (null for an exact field), the data's colours where it has its own, and
 * the half-height of a view that frames its samples.
 */
public record ShownModel(Model model, ModelKey key, ColourMap colours, double viewHalfHeight) {

    public static ShownModel resolve(String modelOption, String dataOption) throws IOException {
        if (modelOption != null && dataOption != null) {
            throw new IllegalArgumentException("give --model or --data, not both");
        }
        if (dataOption != null) {
            PointSource source = Datasets.byName(dataOption);
            if (!(source instanceof GaussianMixture)) {
                throw new IllegalArgumentException("--data " + dataOption + ": only Gaussian mixtures (eight-gaussians) have an "
                        + "exact field; train a model first (fluxion train --data " + dataOption + " --out model.fluxion)"
                        + " or show a bundled one (--model NAME, see fluxion models)");
            }
            Model exact = new Model(source.name(), new GaussianMixtureField((GaussianMixture) source, Schedules.condOt(0)),
                    Schedules.condOt(0), Normalization.identity(source.dimension()), Map.of());
            return of(exact, null, null);
        }
        String bundled = bundledName(modelOption);
        if (bundled != null) {
            return of(BundledModels.load(bundled), ModelKey.bundled(bundled), colourMap(bundled));
        }
        Path file = Path.of(modelOption);
        return of(ModelFiles.load(file), ModelKey.file(file), null);
    }

    /** A model from {@code --model}: a file, a bundled model's name, or (null) the default bundled model. */
    public static Model load(String modelOption) throws IOException {
        String bundled = bundledName(modelOption);
        return bundled != null ? BundledModels.load(bundled) : ModelFiles.load(Path.of(modelOption));
    }

    /** The bundled model {@code --model} names (the default one when null), or null when it names a file. */
    private static String bundledName(String modelOption) {
        if (modelOption == null) {
            return BundledModels.NAMES.get(0);
        }
        return BundledModels.exists(modelOption) && !Files.exists(Path.of(modelOption)) ? modelOption : null;
    }

    /** The bundled model's data colours (text, picture), or null when its data has none. */
    static ColourMap colourMap(String bundledName) throws IOException {
        PointSource coloured = BundledModels.colouredData(bundledName);
        return coloured == null ? null : ColourMap.fromSource(coloured, 2.2, 128, 200_000, 0);
    }

    /** The camera that frames the model: an orbit camera for 3-D models, pan/zoom otherwise. */
    Camera camera() {
        return model.dimension() == 3 ? new OrbitCamera(3.4 * viewHalfHeight) : new Camera2D(0, 0, viewHalfHeight);
    }

    /** By the data's own colours where it has them, else by speed. */
    public ColourMode naturalColourMode() {
        return naturalColourMode(colours);
    }

    /** By {@code colours} where there are some (not null), else by speed. */
    public static ColourMode naturalColourMode(ColourMap colours) {
        return colours != null ? ColourMode.DATA : ColourMode.SPEED;
    }

    /** Points a renderer at this model: its camera, its colour map and its natural colour mode. */
    void applyTo(ParticleRenderer renderer) {
        renderer.setCamera(camera());
        renderer.setColourMap(colours);
        renderer.settings().colourMode(naturalColourMode());
    }

    public static ShownModel bundled(String name) throws IOException {
        return resolve(name, null);
    }

    private static ShownModel of(Model model, ModelKey key, ColourMap colours) {
        return new ShownModel(model, key, colours, viewHalfHeight(model));
    }

    /**
     * 1.15 × the 99.5th percentile of |coordinate| (x and y; and z in 3-D, which an orbit turns
     * into view) over 600 quick samples (Euler, 6 steps), at least 0.5. Kept small: it runs before
     * the first frame, on a JIT that has not compiled the forward pass yet (2 000 samples of 8
     * steps took 0.8-1 s there).
     */
    public static double viewHalfHeight(Model model) {
        int n = 600;
        int d = model.dimension();
        float[] samples = model.sample(n, OdeSolvers.euler(), TimeGrid.uniform(6), new SplittableRandom(0));
        int axes = Math.min(d, 3);
        float[] magnitudes = new float[n * axes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < axes; k++) {
                float value = samples[i * d + k];
                magnitudes[i * axes + k] = Float.isFinite(value) ? Math.abs(value) : 0f;
            }
        }
        Arrays.sort(magnitudes);
        return Math.max(0.5, 1.15 * magnitudes[(int) (0.995 * (magnitudes.length - 1))]);
    }
}
