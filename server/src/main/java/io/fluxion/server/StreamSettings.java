package io.fluxion.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one WebSocket stream sends: the model, the mode, particle count, frame rate, class and
 * guidance, and the optional sections of each frame. Made from the query string, changed by
 * control messages ({@link #with}); every value is checked and a bad one is an
 * {@link ApiException} naming it. Immutable.
 *
 * @param model     the model's name
 * @param mode      emitter (a live particle system), trajectory (batches flowing from noise to data),
 *                  samples (a fresh batch of finished samples per frame) or text (words written by a glyph model)
 * @param particles live particles (emitter) or batch size
 * @param fps       frames per second at most, 1 to 120
 * @param label     a conditional model's class by name or number, or null for the unconditional field
 * @param guidance  classifier-free guidance scale with a label
 * @param seed      the random seed of the stream
 * @param ages      frames carry each particle's flow time
 * @param labels    frames carry each particle's class (emitters with a label)
 * @param shared    a spectator of the server's shared emitter for (model, particles, label, guidance)
 * @param text      the words text mode writes with a conditional glyph model (at most {@link #MAX_TEXT} characters)
 */
record StreamSettings(String model, Mode mode, int particles, int fps, String label, double guidance, long seed,
                      boolean ages, boolean labels, boolean shared, String text) {

    /** What the frames are: a live emitter, batches flowing from noise, finished batches, or live text. */
    enum Mode { EMITTER, TRAJECTORY, SAMPLES, TEXT }

    static final int MAX_TEXT = 200;
    /** Particles of a stream that names none (fewer when the server's limit is lower). */
    static final int DEFAULT_PARTICLES = 20_000;

    static final int MAX_FPS = 120;

    /** @throws ApiException 400 naming the parameter when a value is missing, malformed or out of range */
    /** The query parameters {@link #fromQuery} reads. */
    static final Set<String> QUERY_PARAMETERS = Set.of("mode", "particles", "fps", "label", "guidance", "seed", "ages", "labels",
            "shared", "text");

    static StreamSettings fromQuery(String model, Function<String, String> query, int maxParticles) {
        return new StreamSettings(ModelCatalog.checkName(model),
                mode(orDefault(query.apply("mode"), "emitter")),
                intIn("particles", orDefault(query.apply("particles"), Integer.toString(Math.min(DEFAULT_PARTICLES,
                        maxParticles))), 1, maxParticles),
                intIn("fps", orDefault(query.apply("fps"), "30"), 1, MAX_FPS),
                emptyToNull(query.apply("label")),
                finite("guidance", orDefault(query.apply("guidance"), "1")),
                longOf("seed", orDefault(query.apply("seed"), Long.toString(System.nanoTime()))),
                bool("ages", orDefault(query.apply("ages"), "false")),
                bool("labels", orDefault(query.apply("labels"), "false")),
                bool("shared", orDefault(query.apply("shared"), "false")),
                text(orDefault(query.apply("text"), "FLUXION")));
    }

    /**
     * These settings changed by a control message, a JSON object with any of {@code model, mode,
     * particles, fps, label, guidance, seed, ages, labels} ({@code "label": null} clears it).
     *
     * @throws ApiException 400 for an unknown field or a bad value (the settings stay as they were)
     */
    StreamSettings with(JsonNode message, int maxParticles) {
        if (message == null || !message.isObject()) {
            throw ApiException.badRequest("a control message is a JSON object, such as {\"particles\": 5000}");
        }
        String model = this.model;
        Mode mode = this.mode;
        int particles = this.particles;
        int fps = this.fps;
        String label = this.label;
        double guidance = this.guidance;
        long seed = this.seed;
        boolean ages = this.ages;
        boolean labels = this.labels;
        String text = this.text;
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) message::fields) {
            JsonNode value = field.getValue();
            String given = value.isNull() ? null : value.asText();
            switch (field.getKey()) {
                case "model" -> model = ModelCatalog.checkName(given);
                case "mode" -> mode = mode(given);
                case "particles" -> particles = intIn("particles", given, 1, maxParticles);
                case "fps" -> fps = intIn("fps", given, 1, MAX_FPS);
                case "label" -> label = emptyToNull(given);
                case "guidance" -> guidance = finite("guidance", given);
                case "seed" -> seed = longOf("seed", given);
                case "ages" -> ages = bool("ages", given);
                case "labels" -> labels = bool("labels", given);
                case "text" -> text = text(given);
                default -> throw ApiException.badRequest("unknown control field '" + ModelCatalog.abbreviate(field.getKey())
                        + "' (known: " + String.join(", ", CONTROL_FIELDS) + ")");
            }
        }
        return new StreamSettings(model, mode, particles, fps, label, guidance, seed, ages, labels, shared, text);
    }

    static final List<String> CONTROL_FIELDS = List.of("model", "mode", "particles", "fps", "label", "guidance", "seed",
            "ages", "labels", "text");

    /** @return true when {@code other} differs from these settings in the text alone (a live change of the words) */
    boolean onlyTextDiffers(StreamSettings other) {
        return mode == Mode.TEXT && other.mode == Mode.TEXT && !text.equals(other.text)
                && equals(new StreamSettings(other.model, other.mode, other.particles, other.fps, other.label, other.guidance,
                other.seed, other.ages, other.labels, other.shared, text));
    }

    /** @return the frame sections asked for, as {@link FrameCodec} flags */
    int flags() {
        return (ages ? FrameCodec.FLAG_AGES : 0) | (labels ? FrameCodec.FLAG_LABELS : 0);
    }

    /** The settings as JSON, for the acknowledgement of a control message. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("mode", mode.name().toLowerCase(Locale.ROOT));
        json.put("particles", particles);
        json.put("fps", fps);
        json.put("label", label);
        json.put("guidance", guidance);
        json.put("ages", ages);
        json.put("labels", labels);
        json.put("shared", shared);
        json.put("text", text);
        return json;
    }

    private static Mode mode(String text) {
        if (text != null) {
            for (Mode mode : Mode.values()) {
                if (mode.name().equalsIgnoreCase(text)) {
                    return mode;
                }
            }
        }
        throw ApiException.badRequest("mode must be emitter, trajectory, samples or text, got '" + ModelCatalog.abbreviate(text)
                + "'");
    }

    private static String text(String given) {
        if (given == null || given.isBlank() || given.length() > MAX_TEXT) {
            throw ApiException.badRequest("text must be 1 to " + MAX_TEXT + " characters, got "
                    + (given == null ? "none" : given.length() + ""));
        }
        return given;
    }

    static int intIn(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be an integer in [" + min + ", " + max + "], got '"
                + ModelCatalog.abbreviate(text) + "'");
    }

    static double finite(String name, String text) {
        try {
            double value = Double.parseDouble(text == null ? "" : text.trim());
            if (Double.isFinite(value) && Math.abs(value) <= 1e3) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a finite number of magnitude at most 1000, got '"
                + ModelCatalog.abbreviate(text) + "'");
    }

    static long longOf(String name, String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + ModelCatalog.abbreviate(text) + "'");
        }
    }

    static boolean bool(String name, String text) {
        if ("true".equalsIgnoreCase(text) || "1".equals(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text) || "0".equals(text)) {
            return false;
        }
        throw ApiException.badRequest(name + " must be true or false, got '" + ModelCatalog.abbreviate(text) + "'");
    }

    static String orDefault(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
