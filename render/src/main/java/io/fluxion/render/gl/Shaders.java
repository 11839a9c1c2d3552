package io.fluxion.render.gl;

/** GLSL 3.30 core sources of the renderers' programs. */
public final class Shaders {

    private Shaders() {
    }

    /** Shared palette helper: three stops, linear between them. */
    private static final String PALETTE = """
            uniform vec3 palette[3];
            vec3 paletteAt(float u) {
                u = clamp(u, 0.0, 1.0) * 2.0;
                return u < 1.0 ? mix(palette[0], palette[1], u) : mix(palette[1], palette[2], u - 1.0);
            }
            """;

    /**
     * Point sprites: position (2 or 3 components), velocity, flow time; colour by mode. With
     * {@code depthReference} > 0 (perspective cameras) a particle at clip depth w is drawn
     * {@code depthReference / w} times as large and as bright (clamped to [0.3, 3]): nearer is
     * bigger and brighter.
     */
    public static final String POINTS_VERTEX = """
            #version 330 core
            layout(location = 0) in vec3 position;
            layout(location = 1) in vec3 velocity;
            layout(location = 2) in float flowTime;
            uniform mat4 viewProjection;
            uniform float pointSize;
            uniform float light;
            uniform float speedScale;
            uniform int colourMode;
            uniform sampler2D colourMap;
            uniform vec3 colourMapRect;
            uniform float depthReference;
            """ + PALETTE + """
            out vec3 colour;
            void main() {
                gl_Position = viewProjection * vec4(position, 1.0);
                float cue = depthReference > 0.0 ? clamp(depthReference / max(gl_Position.w, 1e-6), 0.3, 3.0) : 1.0;
                gl_PointSize = pointSize * cue;
                vec3 c;
                if (colourMode == 0) {
                    c = paletteAt(length(velocity) * speedScale);
                } else if (colourMode == 1) {
                    c = paletteAt(flowTime);
                } else {
                    vec3 data = texture(colourMap, (position.xy - colourMapRect.xy) / colourMapRect.z).rgb;
                    c = mix(paletteAt(flowTime), data, smoothstep(0.4, 1.0, flowTime));
                }
                colour = c * light * cue;
            }
            """;

    /** Round sprites with a soft edge; additive blending does the rest. */
    public static final String POINTS_FRAGMENT = """
            #version 330 core
            in vec3 colour;
            uniform float pointSize;
            out vec4 fragment;
            void main() {
                vec2 p = gl_PointCoord * 2.0 - 1.0;
                float r2 = dot(p, p);
                if (r2 > 1.0) discard;
                float falloff = pointSize <= 2.5 ? 1.0 : 1.5 * (1.0 - r2);
                fragment = vec4(colour * falloff, 1.0);
            }
            """;

    /** A triangle covering the viewport, from gl_VertexID alone (draw 3 vertices, empty VAO). */
    public static final String FULLSCREEN_VERTEX = """
            #version 330 core
            uniform vec4 rect;
            out vec2 uv;
            void main() {
                vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
                uv = corner;
                gl_Position = vec4(rect.xy + corner * rect.zw, 0.0, 1.0);
            }
            """;

    /** Multiplies the destination by a constant (with blend ZERO, SRC_ALPHA): trail fading. */
    public static final String FADE_FRAGMENT = """
            #version 330 core
            uniform float keep;
            out vec4 fragment;
            void main() {
                fragment = vec4(0.0, 0.0, 0.0, keep);
            }
            """;

    /**
     * Adds the density histogram (light, light·u per pixel) into the light buffer as
     * palette(mean u) × light; with colourMode 2 the data's colour at the pixel's world position
     * (screen → world through inverseViewProjection) is blended in as the mean t → 1.
     */
    public static final String DENSITY_FRAGMENT = """
            #version 330 core
            in vec2 uv;
            uniform sampler2D source;
            uniform int colourMode;
            uniform sampler2D colourMap;
            uniform vec3 colourMapRect;
            uniform mat4 inverseViewProjection;
            """ + PALETTE + """
            out vec4 fragment;
            void main() {
                vec2 sums = texture(source, uv).rg;
                if (sums.r <= 0.0) discard;
                float u = sums.g / sums.r;
                vec3 c = paletteAt(u);
                if (colourMode == 2) {
                    vec4 world = inverseViewProjection * vec4(uv * 2.0 - 1.0, 0.0, 1.0);
                    vec3 data = texture(colourMap, (world.xy / world.w - colourMapRect.xy) / colourMapRect.z).rgb;
                    c = mix(c, data, smoothstep(0.4, 1.0, u));
                }
                fragment = vec4(c * sums.r, 1.0);
            }
            """;

    /** Tone-maps accumulated light: 1 − e^(−light). */
    public static final String RESOLVE_FRAGMENT = """
            #version 330 core
            in vec2 uv;
            uniform sampler2D source;
            out vec4 fragment;
            void main() {
                vec3 light = max(texture(source, uv).rgb, vec3(0.0));
                fragment = vec4(vec3(1.0) - exp(-light), 1.0);
            }
            """;

    /** Draws an RGBA texture as is (HUD overlay, alpha-blended). */
    public static final String BLIT_FRAGMENT = """
            #version 330 core
            in vec2 uv;
            uniform sampler2D source;
            out vec4 fragment;
            void main() {
                fragment = texture(source, uv);
            }
            """;
}
