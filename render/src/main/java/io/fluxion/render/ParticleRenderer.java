package io.fluxion.render;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL15.GL_ARRAY_BUFFER;
import static org.lwjgl.opengl.GL15.glBindBuffer;
import static org.lwjgl.opengl.GL20.glDisableVertexAttribArray;
import static org.lwjgl.opengl.GL20.glEnableVertexAttribArray;
import static org.lwjgl.opengl.GL20.glVertexAttrib1f;
import static org.lwjgl.opengl.GL20.glVertexAttribPointer;
import static org.lwjgl.opengl.GL30.GL_RGBA16F;
import static org.lwjgl.opengl.GL30.glBindVertexArray;
import static org.lwjgl.opengl.GL30.glDeleteVertexArrays;
import static org.lwjgl.opengl.GL30.glGenVertexArrays;
import static org.lwjgl.opengl.GL32.GL_PROGRAM_POINT_SIZE;

import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.render.gl.FullscreenPass;
import io.fluxion.render.gl.GlObjects;
import io.fluxion.render.gl.RenderTarget;
import io.fluxion.render.gl.ShaderProgram;
import io.fluxion.render.gl.Shaders;
import io.fluxion.render.gl.StreamingBuffer;
import io.fluxion.render.gl.Texture2D;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.lwjgl.BufferUtils;

/**
 * Draws {@link ParticleFrame}s (2-D or 3-D positions in data coordinates) into a {@link GlContext}'s
 * surface: light is added into a floating-point buffer (additive blending, so dense regions glow
 * without saturating), optionally on top of the previous frames' faded light (trails), then
 * tone-mapped (1 − e^(−light)) onto the surface in one pass.
 *
 * <p>Up to {@link RenderSettings#densityThreshold()} particles are drawn as round point sprites
 * from a persistent-mapped, fenced ring of vertex buffers ({@link StreamingBuffer}); above it, as
 * density: a CPU splat into a (light, light·u) histogram the size of the surface, uploaded as one texture and
 * added in one pass (on software GL, per-point setup dominates at large counts).
 *
 * <p>The light per particle is scaled by the surface's pixel count over the particle count, so a
 * region the particles cover evenly looks equally bright at 10 000 or 1 000 000 particles.
 *
 * <p>Threading: construct, draw and close on the context's render thread. The frame passed to
 * {@link #draw} is only read during the call; the caller keeps ownership (and releases it).
 * Buffers (vertex ring, light buffer, histogram, programs) are owned here and freed by {@link #close()}.
 */
public final class ParticleRenderer implements AutoCloseable {

    /** System property: {@code true} uploads by buffer orphaning even where GL 4.4 buffer storage exists. */
    public static final String NO_PERSISTENT_MAPPING = "fluxion.gl.noPersistentMapping";

    private static final int FLOAT_BYTES = 4;

    private final GlContext context;
    private final RenderSettings settings = new RenderSettings();
    private final ShaderProgram points;
    private final int pointVertexArray;
    private final StreamingBuffer vertices;
    private final RenderTarget light;
    private final FullscreenPass fade;
    private final FullscreenPass densityPass;
    private final FullscreenPass resolve;
    private final Texture2D white;
    private final float[] matrix = new float[16];
    private final float[] inverse = new float[16];
    private final float[] paletteStops = new float[9];
    /** The single frame of {@link #draw(ParticleFrame)}, so that call allocates nothing. */
    private final List<ParticleFrame> one = Arrays.asList(new ParticleFrame[1]);
    private Camera camera = new Camera2D(0, 0, 4.5);
    private ColourMap colourMap;
    private Texture2D colourMapTexture;
    private DensitySplat density;
    private boolean lightValid;
    private boolean lastUsedDensity;
    private boolean closed;

    public ParticleRenderer(GlContext context) {
        this.context = Objects.requireNonNull(context, "context");
        context.checkThread();
        points = new ShaderProgram("points", Shaders.POINTS_VERTEX, Shaders.POINTS_FRAGMENT);
        pointVertexArray = GlObjects.created(glGenVertexArrays());
        vertices = new StreamingBuffer(1 << 20, !Boolean.getBoolean(NO_PERSISTENT_MAPPING));
        light = new RenderTarget(context.width(), context.height(), GL_RGBA16F);
        fade = new FullscreenPass("fade", Shaders.FADE_FRAGMENT);
        densityPass = new FullscreenPass("density", Shaders.DENSITY_FRAGMENT);
        resolve = new FullscreenPass("resolve", Shaders.RESOLVE_FRAGMENT);
        white = new Texture2D(1, 1, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, false);
        white.upload(BufferUtils.createByteBuffer(4).put(new byte[] {-1, -1, -1, -1}).flip());
    }

    /** The settings read at every {@link #draw}; change them on the render thread. */
    public RenderSettings settings() {
        return settings;
    }

    public Camera camera() {
        return camera;
    }

    /** Sets the camera ({@link Camera2D} for 2-D models, {@link OrbitCamera} for 3-D ones). */
    public void setCamera(Camera camera) {
        this.camera = Objects.requireNonNull(camera, "camera");
        lightValid = false;
    }

    /** The data's colours for {@link ColourMode#DATA}; null falls back to colouring by time. */
    public void setColourMap(ColourMap map) {
        context.checkThread();
        if (colourMapTexture != null) {
            colourMapTexture.close();
            colourMapTexture = null;
        }
        colourMap = map;
        if (map != null) {
            int r = map.resolution();
            colourMapTexture = new Texture2D(r, r, GL_RGBA8, GL_RGB, GL_FLOAT, true);
            colourMapTexture.upload(BufferUtils.createFloatBuffer(3 * r * r).put(map.rgb()).flip(), GL_RGB);
        }
    }

    /** Forgets the trails: the next frame starts from black. */
    public void clearTrails() {
        lightValid = false;
    }

    /** Whether particles are uploaded through the persistent-mapped ring (false: orphaning). */
    public boolean persistentMapping() {
        return vertices.isPersistent();
    }

    /** Whether the last {@link #draw} used the density path. */
    public boolean lastUsedDensity() {
        return lastUsedDensity;
    }

    /**
     * Draws the frame onto the context's surface (bound with {@link GlContext#bindSurface()} at
     * the end, so overlays such as {@link Hud} can follow). Frames of dimension 1 are drawn on
     * the x axis; dimensions above 3 are rejected.
     */
    public void draw(ParticleFrame frame) {
        one.set(0, frame);
        try {
            draw(one);
        } finally {
            one.set(0, null);
        }
    }

    /**
     * Draws several frames as one picture (several emitters of a scene, each with its own model
     * and placement): every frame goes into the same light buffer, lit by the particles of all of
     * them together, and the surface is tone-mapped once. Each frame's particles are uploaded
     * once, as for a single frame; the list is only read.
     */
    public void draw(List<ParticleFrame> frames) {
        context.checkThread();
        if (closed) {
            throw new IllegalStateException("ParticleRenderer is closed");
        }
        int n = 0;
        for (ParticleFrame frame : frames) {
            int d = frame.dimension();
            if (d > 3) {
                throw new IllegalArgumentException("ParticleRenderer draws 1-, 2- or 3-D particles; frame of "
                        + frame.modelName() + " has d = " + d);
            }
            n += frame.count();
        }
        camera.viewProjection((float) context.width() / context.height(), matrix);
        float keep = beginLight();
        double pixels = (double) context.width() * context.height();
        lastUsedDensity = n > settings.densityThreshold();
        for (ParticleFrame frame : frames) {
            if (frame.count() == 0) {
                continue;
            }
            if (lastUsedDensity) {
                drawDensity(frame, (float) Math.min(1.0, settings.brightness() * 0.6 * pixels / n) * keep);
            } else {
                drawPoints(frame, pointLight(n) * keep);
            }
        }
        resolveLight();
    }

    /**
     * Draws particles straight from their GPU buffers (no copy to the CPU), as point sprites at
     * flow time {@code time}, or at each particle's own time when they carry one.
     */
    public void draw(GpuParticles particles, float time) {
        context.checkThread();
        if (closed) {
            throw new IllegalStateException("ParticleRenderer is closed");
        }
        int n = particles.count();
        int d = particles.dimension();
        camera.viewProjection((float) context.width() / context.height(), matrix);
        float keep = beginLight();
        lastUsedDensity = false;
        if (n > 0) {
            glBindVertexArray(pointVertexArray);
            glBindBuffer(GL_ARRAY_BUFFER, particles.positionBuffer());
            glVertexAttribPointer(0, d, GL_FLOAT, false, 0, 0L);
            glEnableVertexAttribArray(0);
            glBindBuffer(GL_ARRAY_BUFFER, particles.velocityBuffer());
            glVertexAttribPointer(1, d, GL_FLOAT, false, 0, 0L);
            glEnableVertexAttribArray(1);
            if (particles.hasParticleTimes()) {
                glBindBuffer(GL_ARRAY_BUFFER, particles.timeBuffer());
                glVertexAttribPointer(2, 1, GL_FLOAT, false, 0, 0L);
                glEnableVertexAttribArray(2);
            } else {
                glDisableVertexAttribArray(2);
                glVertexAttrib1f(2, time);
            }
            usePointProgram(pointLight(n) * keep, settings.speedScale());
            glDrawArrays(GL_POINTS, 0, n);
            glDisableVertexAttribArray(0);
            glDisableVertexAttribArray(1);
            glDisableVertexAttribArray(2);
            glBindVertexArray(0);
        }
        resolveLight();
    }

    /** Light per particle for point sprites (before the trail factor). */
    private float pointLight(int n) {
        double pixels = (double) context.width() * context.height();
        double area = Math.max(1.0, settings.pointSize() * settings.pointSize() * Math.PI / 4);
        return (float) Math.min(1.0, settings.brightness() * 0.6 * pixels / (n * area));
    }

    /** Binds the light buffer, fades or clears it, and sets additive blending; returns the trail factor. */
    private float beginLight() {
        settings.palette().colourAt(0f, paletteStops, 0);
        settings.palette().colourAt(0.5f, paletteStops, 3);
        settings.palette().colourAt(1f, paletteStops, 6);
        light.bind();
        glDisable(GL_DEPTH_TEST);
        glEnable(GL_BLEND);
        if (settings.trails() && lightValid) {
            glBlendFunc(GL_ZERO, GL_SRC_ALPHA);
            fade.use().set("keep", settings.trailFade());
            fade.draw();
        } else {
            glClearColor(0, 0, 0, 0);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        lightValid = true;
        glBlendFunc(GL_ONE, GL_ONE);
        return settings.trails() ? 1f - settings.trailFade() : 1f;
    }

    /** Tone-maps the light buffer onto the surface (left bound for overlays). */
    private void resolveLight() {
        context.bindSurface();
        glDisable(GL_BLEND);
        light.colour().bind(0);
        resolve.use().set("source", 0);
        resolve.draw();
    }

    private void drawPoints(ParticleFrame frame, float lightPerParticle) {
        int n = frame.count();
        int d = frame.dimension();
        int positionBytes = n * d * FLOAT_BYTES;
        int bytes = 2 * positionBytes + n * FLOAT_BYTES;
        ByteBuffer target = vertices.begin(bytes);
        FloatBuffer floats = target.asFloatBuffer();
        floats.put(frame.positions().duplicate().clear().limit(n * d));
        floats.put(frame.velocities().duplicate().clear().limit(n * d));
        floats.put(frame.times().duplicate().clear().limit(n));
        vertices.end(bytes);

        int base = vertices.offset();
        glBindVertexArray(pointVertexArray);
        glBindBuffer(GL_ARRAY_BUFFER, vertices.buffer());
        glVertexAttribPointer(0, d, GL_FLOAT, false, 0, base);
        glVertexAttribPointer(1, d, GL_FLOAT, false, 0, base + (long) positionBytes);
        glVertexAttribPointer(2, 1, GL_FLOAT, false, 0, base + 2L * positionBytes);
        for (int attribute = 0; attribute < 3; attribute++) {
            glEnableVertexAttribArray(attribute);
        }
        usePointProgram(lightPerParticle, settings.speedScale());
        glDrawArrays(GL_POINTS, 0, n);
        for (int attribute = 0; attribute < 3; attribute++) {
            glDisableVertexAttribArray(attribute);
        }
        glBindVertexArray(0);
    }

    private void usePointProgram(float lightPerParticle, float speedScale) {
        glEnable(GL_PROGRAM_POINT_SIZE);
        points.use();
        points.setMatrix("viewProjection", matrix);
        points.set("pointSize", settings.pointSize());
        points.set("light", lightPerParticle);
        points.set("depthReference", camera.depthReference());
        points.set("speedScale", speedScale);
        points.set("colourMode", effectiveColourMode().ordinal());
        points.setVec3Array("palette", paletteStops);
        (colourMapTexture == null ? white : colourMapTexture).bind(0);
        points.set("colourMap", 0);
        setColourMapRect(points);
    }

    private void drawDensity(ParticleFrame frame, float lightPerParticle) {
        if (density == null) {
            density = new DensitySplat(context.width(), context.height());
        }
        ColourMode mode = effectiveColourMode();
        Texture2D histogram = density.splat(frame, matrix, lightPerParticle, mode == ColourMode.SPEED,
                settings.speedScale(), camera.depthReference());
        light.bind();
        histogram.bind(0);
        (colourMapTexture == null ? white : colourMapTexture).bind(1);
        ShaderProgram program = densityPass.use();
        program.set("source", 0);
        program.set("colourMap", 1);
        program.set("colourMode", mode.ordinal());
        program.setVec3Array("palette", paletteStops);
        setColourMapRect(program);
        program.setMatrix("inverseViewProjection", Matrices.inverse(matrix, inverse));
        densityPass.draw();
    }

    private ColourMode effectiveColourMode() {
        return settings.colourMode() == ColourMode.DATA && colourMap == null ? ColourMode.TIME : settings.colourMode();
    }

    private void setColourMapRect(ShaderProgram program) {
        if (colourMap != null) {
            program.set("colourMapRect", colourMap.minX(), colourMap.minY(), colourMap.size());
        } else {
            program.set("colourMapRect", 0f, 0f, 1f);
        }
    }

    /** Frees every GL object and buffer this renderer made; idempotent. Render thread only. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.checkThread();
        closed = true;
        if (density != null) {
            density.close();
        }
        if (colourMapTexture != null) {
            colourMapTexture.close();
        }
        white.close();
        resolve.close();
        densityPass.close();
        fade.close();
        light.close();
        vertices.close();
        glDeleteVertexArrays(pointVertexArray);
        GlObjects.deleted();
        points.close();
    }
}
