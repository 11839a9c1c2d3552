package io.fluxion.server;

import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.core.train.Reflow;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One batch of finished samples ({@code GET /api/models/{name}/samples}) and its encodings: CSV
 * (a header {@code x,y[,z]} then one row per sample), {@code .npy} (float32 [n, d]) or JSON
 * ({@code {"model", "dimension", "count", "points": [[x, y], ...]}}). The model is sampled with
 * the solver and steps its file records. Blocking: call on a compute thread.
 */
final class SampleBatches {

    static final List<String> FORMATS = List.of("csv", "npy", "json");

    /** An encoded batch: the bytes and their content type. */
    record Encoded(byte[] bytes, String contentType, String fileName) {
    }

    private SampleBatches() {
    }

    /** @throws ApiException 400 for an unknown format */
    static String checkFormat(String format) {
        if (!FORMATS.contains(format)) {
            throw ApiException.badRequest("format must be csv, npy or json, got '" + ModelCatalog.abbreviate(format) + "'");
        }
        return format;
    }

    /** Samples {@code n} points of {@code model} (already conditioned on a class when asked) and encodes them. */
    static Encoded sample(String name, Model model, int n, long seed, String format) {
        int steps = Reflow.sampleSteps(model);
        float[] points = model.sample(n, OdeSolvers.byName(Reflow.sampleSolver(model)), TimeGrid.uniform(steps),
                new SplittableRandom(seed));
        int d = model.dimension();
        return switch (format) {
            case "npy" -> new Encoded(Npy.toBytes(NpyArray.of(points, n, d)), "application/octet-stream", name + ".npy");
            case "json" -> new Encoded(json(name, points, n, d).getBytes(StandardCharsets.UTF_8), "application/json", null);
            default -> new Encoded(csv(points, n, d).getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8",
                    name + ".csv");
        };
    }

    private static String csv(float[] points, int n, int d) {
        StringBuilder out = new StringBuilder(n * d * 12 + 16);
        out.append(d == 3 ? "x,y,z\n" : "x,y\n");
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                out.append(k == 0 ? "" : ",").append(points[i * d + k]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String json(String name, float[] points, int n, int d) {
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points, i * d, rows[i], 0, d);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", name);
        json.put("dimension", d);
        json.put("count", n);
        json.put("points", rows);
        return Json.write(json);
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
