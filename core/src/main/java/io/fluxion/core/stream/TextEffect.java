package io.fluxion.core.stream;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.compute.Slices;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpVelocityField;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Live text drawn by a conditional glyph model (one class per character): the string is laid out
 * left to right, each glyph's slot gets particles in proportion to the glyph's area, and the
 * particles flow in from noise. {@link #setText} retargets them at any time from any thread: from
 * the next frame every particle flows backward along its old glyph to noise and forward along its
 * new one, so no position jumps, and the new text stands after {@code flowFrames} frames.
 * Characters the model lacks are left out (their slots stay empty); {@link #missing()} names them.
 * Lower case falls back to upper case where the model has only that.
 *
 * <p>Frames ([n, 2] positions in world units: the model's data units, the line centred on the
 * origin, then the {@link Placement}) come from {@link #frames()}: one per request, made on the
 * compute scheduler in pooled buffers. Each subscription runs its own particles.
 */
public final class TextEffect {

    /** How the effect looks and moves. */
    public record Spec(int particles, int flowFrames, double guidance, double letterSpacing, Placement placement,
                       long seed) {

        public Spec {
            if (particles < 1 || particles > StreamSpec.MAX_PARTICLES || flowFrames < 2 || !Double.isFinite(guidance)
                    || !(letterSpacing >= 0) || placement == null) {
                throw new IllegalArgumentException("TextEffect.Spec: need 1 <= particles <= " + StreamSpec.MAX_PARTICLES
                        + ", flowFrames >= 2, finite guidance, letterSpacing >= 0 and a placement");
            }
        }

        /** {@code particles} particles forming in 60 frames, guidance 1, a fifth of a glyph between glyphs. */
        public static Spec of(int particles) {
            return new Spec(particles, 60, 1.0, 0.2, Placement.identity(), 0);
        }
    }

    private final Model glyphs;
    private final MlpVelocityField net;
    private final Spec spec;
    private final GlyphShapes shapes;
    private volatile String text;

    /**
     * @throws IllegalArgumentException when the model is not a conditional 2-D network
     */
    public TextEffect(Model glyphs, String text, Spec spec) {
        this.glyphs = Objects.requireNonNull(glyphs, "glyphs");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.net = MlpVelocityField.of(glyphs.field()).filter(f -> f.architecture().isConditional())
                .orElseThrow(() -> new IllegalArgumentException("TextEffect: model " + glyphs.name()
                        + " is not a conditional network (train one on glyphs:CHARS)"));
        if (glyphs.dimension() != 2) {
            throw new IllegalArgumentException("TextEffect: glyph models are 2-D; " + glyphs.name() + " has d = "
                    + glyphs.dimension());
        }
        this.shapes = new GlyphShapes(glyphs);
        setText(text);
    }

    /** Changes the text; takes effect at the next frame of every running subscription. */
    public void setText(String newText) {
        Objects.requireNonNull(newText, "text");
        if (newText.length() > 1000) {
            throw new IllegalArgumentException("TextEffect: text of " + newText.length() + " characters, more than 1000");
        }
        this.text = newText;
    }

    /** @return the text now */
    public String text() {
        return text;
    }

    /** @return the characters of the current text that the model has no class for (whitespace aside) */
    public List<String> missing() {
        return TextLayout.missing(text, glyphs.labelNames());
    }

    /** @return the width of the current text's line in world units before the placement (for framing a view) */
    public double lineWidth() {
        return TextLayout.of(text, glyphs.labelNames(), shapes, spec.particles(), spec.letterSpacing()).width;
    }

    /** The particles, one frame per request, endless; cancel to stop. */
    public Flux<ParticleFrame> frames() {
        return Slices.<TextState, ParticleFrame>generate(
                () -> new TextState(glyphs, net, spec, shapes, this::text),
                TextState::next,
                TextState::close,
                ParticleFrame::release,
                ComputeScheduler.shared());
    }
}
