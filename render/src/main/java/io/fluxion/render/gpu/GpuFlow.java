package io.fluxion.render.gpu;

import static org.lwjgl.opengl.GL43.*;

import io.fluxion.core.data.Noise;
import io.fluxion.core.field.BakedVelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.stream.EmitterClock;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.render.GlContext;
import io.fluxion.render.GpuParticles;
import io.fluxion.render.gl.ShaderProgram;
import io.fluxion.render.gl.StorageBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.lwjgl.opengl.GL;

/**
 * Particles integrated along a model's flow entirely on the GPU: its SiLU MLP, or its baked field
 * ({@link BakedVelocityField}, any network width), is evaluated in an OpenGL 4.3 compute shader over
 * shader storage buffers; a 3-D baked grid is a 3-D texture read with the hardware's trilinear
 * filtering (on GPUs with 8-bit filter weights, interpolation to about 1/256 of a cell). Either every particle steps at a shared time t ({@link #step}), or the
 * particles live as an emitter described by the same {@link EmitterSpec} as the CPU emitter
 * ({@link #startEmitter}, {@link #emit}). Positions and velocities [n, d] are kept in data
 * coordinates, like CPU frames, and {@link io.fluxion.render.ParticleRenderer#draw(GpuParticles, float)}
 * draws them without a copy to the CPU.
 *
 * <p>Networks of any size on GPUs; on Mesa's software drivers only those within
 * {@link #SOFTWARE_LOOP_LIMIT} (4 × 256 fits; 3 × 512 does not). The field is uploaded once (a
 * network layer by layer: W [in, out] row-major, then b [out]; a baked field as its grid). The
 * shaders are the {@code .glsl} and {@code .comp} resources beside this class, with the sizes
 * (d, width, depth, time features, or the grid's) and the normalisation injected as
 * {@code #define}s. Render thread only; {@link #close()} frees the buffers and the programs.
 */
public final class GpuFlow implements GpuParticles, AutoCloseable {

    private static final int GROUP = 64;

    /**
     * Mesa's software drivers (llvmpipe, softpipe: gallivm) end a shader invocation after this many
     * loop iterations, counted over all its loops together ({@code LP_MAX_TGSI_LOOP_ITERATIONS} in
     * Mesa's lp_limits.h), and go on with wrong sums. So the network's dot products run sixteen
     * terms per iteration, and a network whose step would still need more iterations is refused on
     * those drivers (bake its field instead).
     */
    public static final int SOFTWARE_LOOP_LIMIT = 65_535;
    /** Terms of a dot product per loop iteration in the network shader. */
    private static final int UNROLL = 16;

    private final GlContext context;
    private final Model model;
    private final MlpArchitecture network;
    private final int dimension;
    private final int capacity;
    private final ShaderProgram stepper;
    private final ShaderProgram emitter;
    private final StorageBuffer positions;
    private final StorageBuffer velocities;
    private final StorageBuffer field;
    private final StorageBuffer ages;
    private final StorageBuffer times;
    /** A 3-D baked field's grid as a 3-D texture (0 for other fields). */
    private final int gridTexture;
    private EmitterSpec spec;
    private EmitterClock clock;
    private int emittedFrames;
    private int count;
    private boolean closed;

    /**
     * @param model    a model whose field is an {@link MlpVelocityField} with SiLU, d = 2 or 3, or a
     *                 {@link BakedVelocityField}
     * @param capacity most particles held
     */
    public GpuFlow(GlContext context, Model model, int capacity) {
        this.context = Objects.requireNonNull(context, "context");
        this.model = Objects.requireNonNull(model, "model");
        context.checkThread();
        if (capacity < 1) {
            throw new IllegalArgumentException("GpuFlow: capacity must be >= 1, got " + capacity);
        }
        if (!GL.getCapabilities().OpenGL43) {
            throw new IllegalStateException("GpuFlow needs OpenGL 4.3 compute shaders; this context has "
                    + glGetString(GL_VERSION));
        }
        float[] fieldData;
        String velocitySource;
        int texture = 0;
        if (model.field() instanceof BakedVelocityField baked && baked.dimension() == 3) {
            this.network = null;
            this.dimension = 3;
            texture = gridTexture(baked);
            fieldData = new float[1]; // the grid is in the texture
            velocitySource = bakedVelocitySource(baked, "baked3d.glsl");
        } else if (model.field() instanceof BakedVelocityField baked) {
            this.network = null;
            this.dimension = baked.dimension();
            fieldData = baked.copyValues();
            velocitySource = bakedVelocitySource(baked, "baked.glsl");
        } else {
            MlpVelocityField net = MlpVelocityField.of(model.field()).orElseThrow(() -> new IllegalArgumentException(
                    "GpuFlow: model " + model.name() + " has neither a network nor a baked field (" + model.field() + ")"));
            MlpArchitecture architecture = net.architecture();
            if (architecture.activation() != Activation.SILU || architecture.dimension() < 2
                    || architecture.dimension() > 3) {
                throw new IllegalArgumentException("GpuFlow: SiLU networks with d = 2 or 3 only; " + model.name() + " is "
                        + architecture);
            }
            if (architecture.isConditional()) {
                throw new IllegalArgumentException("GpuFlow: " + model.name() + " is a conditional net; bake one class of it "
                        + "(Model.conditioned(label, guidance).baked(...)) for the GPU");
            }
            this.network = architecture;
            checkLoopLimit(2);
            this.dimension = architecture.dimension();
            fieldData = net.parameters().toFlatArray();
            velocitySource = networkVelocitySource(architecture);
        }
        this.gridTexture = texture;
        this.capacity = capacity;
        String header = header(dimension, model.normalization()) + source("buffers.glsl") + velocitySource
                + source("flow.glsl");
        this.stepper = ShaderProgram.compute("GpuFlow step", header + source("step.comp"));
        this.emitter = ShaderProgram.compute("GpuFlow emitter", header + source("emitter.comp"));
        this.field = new StorageBuffer(fieldData);
        this.positions = new StorageBuffer(capacity * dimension);
        this.velocities = new StorageBuffer(capacity * dimension);
        this.ages = new StorageBuffer(capacity);
        this.times = new StorageBuffer(capacity);
    }

    /** Refuses, on a software driver, a network whose step of {@code stages} evaluations passes the loop limit. */
    private void checkLoopLimit(int stages) {
        if (network == null) {
            return;
        }
        long iterations = loopIterationsPerStep(network, stages);
        if (iterations > SOFTWARE_LOOP_LIMIT && isSoftwareDriver(context)) {
            throw new IllegalArgumentException("GpuFlow: " + model.name() + " (" + network + ") needs " + iterations
                    + " shader loop iterations per step of " + stages + " evaluations, and " + context.description()
                    + " stops a shader after " + SOFTWARE_LOOP_LIMIT + "; bake its field (Model.baked)");
        }
    }

    /** The #version line and the #defines every program starts with. */
    private static String header(int dimension, Normalization normalization) {
        StringBuilder mean = new StringBuilder("float[D](");
        for (int j = 0; j < dimension; j++) {
            mean.append(j == 0 ? "" : ", ").append(glslFloat(normalization.mean(j)));
        }
        return "#version 430\n#define GROUP " + GROUP + "\n#define D " + dimension + "\n#define SCALE "
                + glslFloat(normalization.scale()) + "\n#define MEAN " + mean.append(')') + "\n";
    }

    private static String glslFloat(float value) {
        String text = Float.toString(value);
        return text.contains("E") ? String.format(Locale.ROOT, "%.9e", value) : text;
    }

    /** A shader resource beside this class. */
    static String source(String name) {
        try (InputStream in = GpuFlow.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("GpuFlow: shader resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the field is read from a 3-D texture (a 3-D baked grid) rather than a buffer */
    public boolean readsGridTexture() {
        return gridTexture != 0;
    }

    public Model model() {
        return model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    /** The shader storage buffer of positions [count, d] in data coordinates. */
    @Override
    public int positionBuffer() {
        return positions.name();
    }

    /** The shader storage buffer of velocities [count, d] in data coordinates (first stage of the last step). */
    @Override
    public int velocityBuffer() {
        return velocities.name();
    }

    /** The buffer of per-particle flow times [count] while emitting ({@link #hasParticleTimes()}). */
    @Override
    public int timeBuffer() {
        return times.name();
    }

    /** True after {@link #startEmitter}: each particle has its own t (in {@link #timeBuffer()}). */
    @Override
    public boolean hasParticleTimes() {
        return spec != null;
    }

    /**
     * Starts a live particle system on the GPU described by {@code spec}, as the CPU emitter
     * ({@code ParticleStreams.emitter}) runs it: the steady number of live particles,
     * {@code spawnRate × lifetime} (at most the capacity), each spawned as noise at its own moment
     * within the first lifetime, flowing to t = 1 in {@code flowSeconds} with the spec's solver
     * (one step a frame), then retiring, holding or dissolving back to noise, and respawned as
     * fresh noise at the end of its life. Noise for respawns is drawn on the GPU (a counter-based
     * hash and Box–Muller); the spec's seed draws the first particles. Advance it with {@link #emit}.
     *
     * @throws IllegalArgumentException when the spec's solver needs more shader loop iterations than
     *                                  a software driver allows for this network
     */
    public void startEmitter(EmitterSpec spec) {
        context.checkThread();
        Objects.requireNonNull(spec, "spec");
        checkLoopLimit(spec.solver().evaluations());
        double lifetime = spec.lifetimeSeconds();
        int n = (int) Math.min(capacity, Math.min(spec.maxParticles(), Math.ceil(spec.spawnRate() * lifetime)));
        SplittableRandom random = new SplittableRandom(spec.seed());
        upload(dataNoise(n, random), n);
        float[] startAges = new float[n];
        for (int i = 0; i < n; i++) {
            startAges[i] = (float) (-random.nextDouble() * lifetime);
        }
        ages.write(startAges, n);
        times.write(new float[n], n);
        this.spec = spec;
        this.clock = new EmitterClock(spec);
        emittedFrames = 0;
    }

    /**
     * Advances the emitter by one frame: {@code frameSeconds} of the spec, or the time since the
     * previous frame when it is clock-driven (at most four frame times). Every particle ages and
     * moves by one step of the spec's solver from its previous t to its new one; one whose life is
     * over respawns as noise.
     */
    public void emit() {
        context.checkThread();
        if (spec == null) {
            throw new IllegalStateException("GpuFlow.emit before startEmitter");
        }
        emitter.use();
        emitter.set("frameSeconds", (float) clock.nextFrameSeconds());
        emitter.set("flowSeconds", (float) spec.flowSeconds());
        emitter.set("lifetime", (float) spec.lifetimeSeconds());
        emitter.set("dissolve", spec.atEnd() == EmitterSpec.AtEnd.DISSOLVE ? 1 : 0);
        emitter.set("stages", spec.solver().evaluations());
        emitter.setUnsigned("frame", ++emittedFrames);
        ages.bindBase(3);
        times.bindBase(4);
        dispatch(emitter);
    }

    /** Runs {@code program} once per particle over the shared buffers (bindings 0–2). */
    private void dispatch(ShaderProgram program) {
        program.set("count", count);
        if (gridTexture != 0) {
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_3D, gridTexture);
            program.set("grid", 0);
        }
        positions.bindBase(0);
        field.bindBase(1);
        velocities.bindBase(2);
        glDispatchCompute((count + GROUP - 1) / GROUP, 1, 1);
        glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT | GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT);
    }

    /** Reads the per-particle ages (seconds since spawn; negative: not yet spawned) and times [count]. */
    public void downloadAgesAndTimes(float[] agesOut, float[] timesOut) {
        context.checkThread();
        ages.read(agesOut, count);
        times.read(timesOut, count);
    }

    /** Replaces the particles with {@code n} rows of {@code positions} [n, d] in data coordinates; stops an emitter. */
    public void upload(float[] positions, int n) {
        context.checkThread();
        if (n < 0 || n > capacity || positions.length < n * dimension()) {
            throw new IllegalArgumentException("GpuFlow.upload: n = " + n + " (capacity " + capacity + ", array "
                    + positions.length + ")");
        }
        this.positions.write(positions, n * dimension);
        count = n;
        spec = null;
    }

    /** Replaces the particles with {@code n} draws of the source N(0, I), from a generator seeded with {@code seed}. */
    public void uploadNoise(int n, long seed) {
        upload(dataNoise(n, new SplittableRandom(seed)), n);
    }

    /** n draws of the source, mapped to data coordinates. */
    private float[] dataNoise(int n, SplittableRandom random) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("GpuFlow: n = " + n + " (capacity " + capacity + ")");
        }
        float[] noise = new float[n * dimension];
        Noise.fill(noise, noise.length, random);
        model.normalization().toData(noise, n);
        return noise;
    }

    /** Reads the positions [count, d], in data coordinates, into {@code out} (for tests and tools; stalls the pipeline). */
    public void download(float[] out) {
        context.checkThread();
        positions.read(out, count * dimension);
    }

    /**
     * Advances every particle from t to t + dt in place: Euler (one evaluation) or Heun (two).
     * Returns at once; the GPU runs it in order with later draws.
     */
    public void step(float t, float dt, boolean heun) {
        context.checkThread();
        if (count == 0) {
            return;
        }
        stepper.use();
        stepper.set("time", t);
        stepper.set("dt", dt);
        stepper.set("stages", heun ? 2 : 1);
        dispatch(stepper);
    }

    /** Whether the context runs on Mesa's software drivers (llvmpipe, softpipe), whose loop limit applies. */
    public static boolean isSoftwareDriver(GlContext context) {
        String description = context.description().toLowerCase(Locale.ROOT);
        return description.contains("llvmpipe") || description.contains("softpipe");
    }

    /**
     * Loop iterations one invocation runs for this network in a step of {@code stages} velocity
     * evaluations, as Mesa's software drivers count them, with a margin for the step's own loops.
     */
    static long loopIterationsPerStep(MlpArchitecture architecture, int stages) {
        long width = architecture.width();
        long inputs = architecture.inputWidth();
        long dimension = architecture.dimension();
        long blocks = width / UNROLL;
        long velocity = 3 * dimension + architecture.timeFeatures()
                + width * (1 + inputs)
                + (architecture.depth() - 1) * (1 + width * (1 + blocks))
                + dimension * (1 + blocks);
        return stages * velocity + 16L * stages + 64;
    }

    /**
     * GLSL adding Σ_{i < n} h[source + i]·w[base + i·stride + o] to {@code sum}: {@value #UNROLL}
     * terms per loop iteration (see {@link #SOFTWARE_LOOP_LIMIT}), the last n mod {@value #UNROLL}
     * written out after the loop.
     */
    static String dotProduct(int n, String stride) {
        StringBuilder glsl = new StringBuilder();
        int blocked = n - n % UNROLL;
        if (blocked > 0) {
            glsl.append("for (int i = 0; i < ").append(blocked).append("; i += ").append(UNROLL).append(") {\n    sum +=");
            for (int k = 0; k < UNROLL; k++) {
                glsl.append(k == 0 ? " " : "\n         + ").append("h[source + i + ").append(k).append("] * w[base + (i + ")
                        .append(k).append(") * ").append(stride).append(" + o]");
            }
            glsl.append(";\n}\n");
        }
        for (int i = blocked; i < n; i++) {
            glsl.append("sum += h[source + ").append(i).append("] * w[base + ").append(i).append(" * ").append(stride)
                    .append(" + o];\n");
        }
        return glsl.toString();
    }

    /** velocity() of a SiLU MLP, from {@code network.glsl} with its dot products written out. */
    static String networkVelocitySource(MlpArchitecture architecture) {
        String text = source("network.glsl");
        text = text.replace("            // @DOT hidden\n", dotProduct(architecture.width(), "WIDTH").indent(12));
        text = text.replace("        // @DOT output\n", dotProduct(architecture.width(), "D").indent(8));
        if (text.contains("// @DOT")) {
            throw new IllegalStateException("GpuFlow: network.glsl lacks the markers of its dot products");
        }
        return "#define WIDTH " + architecture.width() + "\n#define DEPTH " + architecture.depth() + "\n#define FOURIER "
                + architecture.fourierFrequencies() + "\n" + text;
    }

    /** velocity() of a baked field, from {@code baked.glsl}. */
    static String bakedVelocitySource(BakedVelocityField baked, String resource) {
        return "#define R " + baked.resolution() + "\n#define T " + baked.timeSlices() + "\n#define HALF "
                + glslFloat((float) baked.halfExtent()) + "\n" + source(resource);
    }

    /**
     * Uploads a 3-D baked grid [T, R, R, R, 3] as an R × R × (R·T) RGB float texture with linear
     * filtering and clamped edges.
     *
     * @throws IllegalArgumentException when R·T exceeds the driver's 3-D texture size
     */
    private static int gridTexture(BakedVelocityField baked) {
        int r = baked.resolution();
        int depth = r * baked.timeSlices();
        int limit = glGetInteger(GL_MAX_3D_TEXTURE_SIZE);
        if (depth > limit || r > limit) {
            throw new IllegalArgumentException("GpuFlow: a " + baked + " needs a 3-D texture " + depth
                    + " deep; this driver allows " + limit + " (bake with fewer time slices or points)");
        }
        int texture = glGenTextures();
        glBindTexture(GL_TEXTURE_3D, texture);
        glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexImage3D(GL_TEXTURE_3D, 0, GL_RGB32F, r, r, depth, 0, GL_RGB, GL_FLOAT, baked.copyValues());
        glBindTexture(GL_TEXTURE_3D, 0);
        return texture;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.checkThread();
        closed = true;
        positions.close();
        velocities.close();
        field.close();
        ages.close();
        times.close();
        stepper.close();
        emitter.close();
        if (gridTexture != 0) {
            glDeleteTextures(gridTexture);
        }
    }
}
