package io.fluxion.render.gpu;

import static org.lwjgl.opengl.GL43.*;

import io.fluxion.core.data.Noise;
import io.fluxion.core.field.BakedVelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.render.GlContext;
import io.fluxion.render.gl.ShaderProgram;
import io.fluxion.render.gl.StorageBuffer;
import java.util.Locale;
import java.util.Objects;
import org.lwjgl.opengl.GL;

/**
 * Particles integrated along a model's flow entirely on the GPU: its SiLU MLP, or its baked field
 * ({@link BakedVelocityField}, any network width), is evaluated in an OpenGL 4.3 compute shader over
 * shader storage buffers, and each dispatch advances every particle in place by one Euler or Heun
 * step at a shared time t. Positions [n, d] stay in model coordinates in {@link #positionBuffer()};
 * the velocity of the last step's first stage, [n, d], is kept in {@link #velocityBuffer()};
 * {@link io.fluxion.render.ParticleRenderer#draw(GpuFlow, float)} draws them without a copy to the CPU.
 *
 * <p>Networks of any size on GPUs; on Mesa's software drivers only those within
 * {@link #SOFTWARE_LOOP_LIMIT} (4 × 256 fits; 3 × 512 does not). The field is uploaded once (a network layer by
 * layer: W [in, out] row-major, then b [out]; a baked field as its grid); its sizes (d, width, depth,
 * time features, or the grid's) are compiled into the shader. Render thread only; {@link #close()}
 * frees the buffers and the program.
 */
public final class GpuFlow implements AutoCloseable {

    private static final int GROUP = 64;

    /**
     * Mesa's software drivers (llvmpipe, softpipe: gallivm) end a shader invocation after this many
     * loop iterations, counted over all its loops together ({@code LP_MAX_TGSI_LOOP_ITERATIONS} in
     * Mesa's lp_limits.h), and go on with wrong sums: a 4 × 256 net stepped that way differed from the
     * CPU by 5e-2. So the network's dot products run sixteen terms per iteration, and a network whose
     * step would still need more iterations is refused on those drivers (bake its field instead).
     */
    public static final int SOFTWARE_LOOP_LIMIT = 65_535;
    /** Terms of a dot product per loop iteration in the network shader. */
    private static final int UNROLL = 16;

    private final GlContext context;
    private final Model model;
    private final int dimension;
    private final int capacity;
    private final ShaderProgram stepper;
    private final ShaderProgram emitter;
    private final StorageBuffer positions;
    private final StorageBuffer velocities;
    private final StorageBuffer field;
    private final StorageBuffer ages;
    private final StorageBuffer times;
    private boolean emitting;
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
        if (model.field() instanceof BakedVelocityField) {
            BakedVelocityField baked = (BakedVelocityField) model.field();
            this.dimension = baked.dimension();
            fieldData = baked.copyValues();
            velocitySource = bakedVelocitySource(baked);
        } else if (model.field() instanceof MlpVelocityField) {
            MlpArchitecture architecture = ((MlpVelocityField) model.field()).architecture();
            if (architecture.activation() != io.fluxion.core.nn.Activation.SILU || architecture.dimension() < 2
                    || architecture.dimension() > 3) {
                throw new IllegalArgumentException("GpuFlow: SiLU networks with d = 2 or 3 only; " + model.name() + " is "
                        + architecture);
            }
            long iterations = loopIterationsPerStep(architecture);
            if (iterations > SOFTWARE_LOOP_LIMIT && isSoftwareDriver(context)) {
                throw new IllegalArgumentException("GpuFlow: " + model.name() + " (" + architecture + ") needs " + iterations
                        + " shader loop iterations per Heun step, and " + context.description() + " stops a shader after "
                        + SOFTWARE_LOOP_LIMIT + "; bake its field (Model.baked)");
            }
            this.dimension = architecture.dimension();
            fieldData = ((MlpVelocityField) model.field()).parameters().toFlatArray();
            velocitySource = networkVelocitySource(architecture);
        } else {
            throw new IllegalArgumentException("GpuFlow: model " + model.name() + " has neither a network nor a baked field ("
                    + model.field() + ")");
        }
        this.capacity = capacity;
        this.stepper = ShaderProgram.compute("GpuFlow step", stepSource(dimension, velocitySource));
        this.emitter = ShaderProgram.compute("GpuFlow emitter", emitterSource(dimension, velocitySource));
        this.field = new StorageBuffer(fieldData);
        this.positions = new StorageBuffer(capacity * dimension);
        this.velocities = new StorageBuffer(capacity * dimension);
        this.ages = new StorageBuffer(capacity);
        this.times = new StorageBuffer(capacity);
    }

    public Model model() {
        return model;
    }

    public int dimension() {
        return dimension;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    /** The shader storage buffer of positions [count, d] in model coordinates. */
    public int positionBuffer() {
        return positions.name();
    }

    /** The shader storage buffer of velocities [count, d] (model coordinates, first stage of the last step). */
    public int velocityBuffer() {
        return velocities.name();
    }

    /** The buffer of per-particle flow times [count] while emitting ({@link #hasParticleTimes()}). */
    public int timeBuffer() {
        return times.name();
    }

    /** True after {@link #startEmitter}: each particle has its own t (in {@link #timeBuffer()}). */
    public boolean hasParticleTimes() {
        return emitting;
    }

    /**
     * Starts a live particle system on the GPU, the emitter's lifecycle: {@code n} particles, each
     * spawned as noise N(0, I) at its own moment within the first {@code lifetimeSeconds}, flowing to
     * t = 1, holding, and respawned as fresh noise when its lifetime is over; advance it with
     * {@link #emit}. Noise for respawns is drawn on the GPU (a counter-based hash and Box–Muller).
     */
    public void startEmitter(int n, float lifetimeSeconds, long seed) {
        context.checkThread();
        if (!(lifetimeSeconds > 0)) {
            throw new IllegalArgumentException("GpuFlow.startEmitter: lifetime must be > 0, got " + lifetimeSeconds);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        upload(noise(n, random), n);
        float[] startAges = new float[n];
        for (int i = 0; i < n; i++) {
            startAges[i] = (float) (-random.nextDouble() * lifetimeSeconds);
        }
        ages.write(startAges, n);
        times.write(new float[n], n);
        emitting = true;
        emittedFrames = 0;
    }

    /**
     * Advances the emitter by {@code frameSeconds} of its clock: every particle ages; one that has
     * lived {@code flowSeconds + holdSeconds} respawns as noise; a particle moves along the flow by
     * one Heun step from its previous t to its new t = min(1, age / flowSeconds).
     */
    public void emit(float frameSeconds, float flowSeconds, float holdSeconds) {
        context.checkThread();
        if (!emitting) {
            throw new IllegalStateException("GpuFlow.emit before startEmitter");
        }
        if (!(frameSeconds >= 0) || !(flowSeconds > 0) || !(holdSeconds >= 0)) {
            throw new IllegalArgumentException("GpuFlow.emit: need frameSeconds >= 0, flowSeconds > 0, holdSeconds >= 0");
        }
        emitter.use();
        emitter.set("frameSeconds", frameSeconds);
        emitter.set("flowSeconds", flowSeconds);
        emitter.set("lifetime", flowSeconds + holdSeconds);
        emitter.setUnsigned("frame", ++emittedFrames);
        ages.bindBase(3);
        times.bindBase(4);
        dispatch(emitter);
    }

    /** Runs {@code program} once per particle over the shared buffers (bindings 0–2). */
    private void dispatch(ShaderProgram program) {
        program.set("count", count);
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

    /** Replaces the particles with {@code n} rows of {@code modelPositions} [n, d] (model coordinates). */
    public void upload(float[] modelPositions, int n) {
        context.checkThread();
        if (n < 0 || n > capacity || modelPositions.length < n * dimension()) {
            throw new IllegalArgumentException("GpuFlow.upload: n = " + n + " (capacity " + capacity + ", array "
                    + modelPositions.length + ")");
        }
        positions.write(modelPositions, n * dimension);
        count = n;
        emitting = false;
    }

    /** Replaces the particles with {@code n} draws of the source N(0, I), from a generator seeded with {@code seed}. */
    public void uploadNoise(int n, long seed) {
        upload(noise(n, new java.util.SplittableRandom(seed)), n);
    }

    private float[] noise(int n, java.util.SplittableRandom random) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("GpuFlow: n = " + n + " (capacity " + capacity + ")");
        }
        float[] noise = new float[n * dimension];
        Noise.fill(noise, noise.length, random);
        return noise;
    }

    /** Reads the positions back into {@code out} [count, d] (for tests and tools; stalls the pipeline). */
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
        stepper.set("heun", heun ? 1 : 0);
        dispatch(stepper);
    }

    /**
     * What both programs share: the sizes, the buffers at bindings 0–2 (positions, the field,
     * velocities), the particle count, {@code velocitySource} (defining velocity(x, t, v)) and
     * advance(), one Euler or Heun step of a particle that also records its first-stage velocity.
     */
    private static String commonSource(int dimension, String velocitySource) {
        return String.format(Locale.ROOT, """
                #version 430
                layout(local_size_x = %d) in;
                const int D = %d;
                layout(std430, binding = 0) buffer Positions { float position[]; };
                layout(std430, binding = 1) readonly buffer Field { float w[]; };
                layout(std430, binding = 2) writeonly buffer Velocities { float velocityOut[]; };
                uniform int count;
                """, GROUP, dimension) + velocitySource + """

                void advance(uint p, inout float x[D], float t, float dt, bool heun) {
                    float k1[D];
                    velocity(x, t, k1);
                    for (int j = 0; j < D; j++) velocityOut[p * D + j] = k1[j];
                    if (heun && dt > 0.0) {
                        float predicted[D];
                        for (int j = 0; j < D; j++) predicted[j] = x[j] + dt * k1[j];
                        float k2[D];
                        velocity(predicted, t + dt, k2);
                        for (int j = 0; j < D; j++) x[j] += 0.5 * dt * (k1[j] + k2[j]);
                    } else {
                        for (int j = 0; j < D; j++) x[j] += dt * k1[j];
                    }
                }
                """;
    }

    /** Every particle from {@code time} to {@code time + dt}. */
    static String stepSource(int dimension, String velocitySource) {
        return commonSource(dimension, velocitySource) + """
                uniform float time;
                uniform float dt;
                uniform int heun;

                void main() {
                    uint p = gl_GlobalInvocationID.x;
                    if (p >= uint(count)) return;
                    float x[D];
                    for (int j = 0; j < D; j++) x[j] = position[p * D + j];
                    advance(p, x, time, dt, heun == 1);
                    for (int j = 0; j < D; j++) position[p * D + j] = x[j];
                }
                """;
    }

    /** The emitter: ages, respawns with GPU noise, and one Heun step per particle to its own t. */
    static String emitterSource(int dimension, String velocitySource) {
        return commonSource(dimension, velocitySource) + """
                layout(std430, binding = 3) buffer Ages { float age[]; };
                layout(std430, binding = 4) buffer Times { float flowTime[]; };
                uniform float frameSeconds;
                uniform float flowSeconds;
                uniform float lifetime;
                uniform uint frame;

                uint hash(uint x) {
                    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
                    return x;
                }

                float uniform01(uint seed) {
                    return (float(hash(seed) >> 8) + 0.5) / 16777216.0;
                }

                void main() {
                    uint p = gl_GlobalInvocationID.x;
                    if (p >= uint(count)) return;
                    float before = age[p];
                    float now = before + frameSeconds;
                    float x[D];
                    for (int j = 0; j < D; j++) x[j] = position[p * D + j];
                    if (now >= lifetime) {
                        now -= lifetime;
                        before = 0.0;
                        for (int j = 0; j < D; j += 2) {
                            uint seed = hash(p * 2654435761u ^ (frame * 40503u + uint(j)));
                            float radius = sqrt(-2.0 * log(uniform01(seed)));
                            float angle = 6.28318530718 * uniform01(seed ^ 0x9e3779b9u);
                            x[j] = radius * cos(angle);
                            if (j + 1 < D) x[j + 1] = radius * sin(angle);
                        }
                    }
                    float t0 = clamp(before / flowSeconds, 0.0, 1.0);
                    float t1 = clamp(now / flowSeconds, 0.0, 1.0);
                    advance(p, x, t0, t1 - t0, true);
                    for (int j = 0; j < D; j++) position[p * D + j] = x[j];
                    age[p] = now;
                    flowTime[p] = t1;
                }
                """;
    }

    /** Whether the context runs on Mesa's software drivers (llvmpipe, softpipe), whose loop limit applies. */
    public static boolean isSoftwareDriver(GlContext context) {
        String description = context.description().toLowerCase(Locale.ROOT);
        return description.contains("llvmpipe") || description.contains("softpipe");
    }

    /**
     * Loop iterations one invocation of the step program runs for this network in a Heun step (two
     * velocity evaluations), as Mesa's software drivers count them, with a margin for the step's own loops.
     */
    static long loopIterationsPerStep(MlpArchitecture architecture) {
        long width = architecture.width();
        long inputs = architecture.inputWidth();
        long dimension = architecture.dimension();
        long blocks = width / UNROLL;
        long velocity = dimension + architecture.timeFeatures()
                + width * (1 + inputs)
                + (architecture.depth() - 1) * (1 + width * (1 + blocks))
                + dimension * (1 + blocks);
        return 2 * velocity + 64;
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

    /**
     * velocity() of a SiLU MLP whose weights are packed layer by layer in w: W [in, out] row-major,
     * then b [out]. Hidden layers ping-pong between the halves of one array.
     */
    static String networkVelocitySource(MlpArchitecture architecture) {
        String hidden = dotProduct(architecture.width(), "WIDTH").indent(12);
        String last = dotProduct(architecture.width(), "D").indent(8);
        return String.format(Locale.ROOT, """
                const int WIDTH = %d;
                const int DEPTH = %d;
                const int FOURIER = %d;
                const int INPUTS = D + 1 + 2 * FOURIER;

                void velocity(float x[D], float t, out float v[D]) {
                    float h[2 * WIDTH];
                    float inputs[INPUTS];
                    for (int j = 0; j < D; j++) inputs[j] = x[j];
                    inputs[D] = t;
                    for (int k = 1; k <= FOURIER; k++) {
                        float angle = 3.14159265358979 * float(k) * t;
                        inputs[D + 2 * k - 1] = sin(angle);
                        inputs[D + 2 * k] = cos(angle);
                    }
                    int base = 0;
                    for (int o = 0; o < WIDTH; o++) {
                        float sum = w[base + INPUTS * WIDTH + o];
                        for (int i = 0; i < INPUTS; i++) sum += inputs[i] * w[base + i * WIDTH + o];
                        h[o] = sum / (1.0 + exp(-sum));
                    }
                    base += INPUTS * WIDTH + WIDTH;
                    int source = 0;
                    for (int l = 1; l < DEPTH; l++) {
                        int target = WIDTH - source;
                        for (int o = 0; o < WIDTH; o++) {
                            float sum = w[base + WIDTH * WIDTH + o];
                %s
                            h[target + o] = sum / (1.0 + exp(-sum));
                        }
                        source = target;
                        base += WIDTH * WIDTH + WIDTH;
                    }
                    for (int o = 0; o < D; o++) {
                        float sum = w[base + WIDTH * D + o];
                %s
                        v[o] = sum;
                    }
                }
                """, architecture.width(), architecture.depth(), architecture.fourierFrequencies(),
                hidden.stripTrailing(), last.stripTrailing());
    }

    /**
     * velocity() of a baked field whose grid [T, R^D, D] is in w: the same clamped multilinear
     * interpolation as {@link BakedVelocityField} (bilinear or trilinear in space, linear in t).
     */
    static String bakedVelocitySource(BakedVelocityField baked) {
        return String.format(Locale.ROOT, """
                const int R = %d;
                const int T = %d;
                const float HALF = %s;
                const float TO_GRID = float(R - 1) / (2.0 * HALF);
                const int POINTS = D == 2 ? R * R : R * R * R;
                const int SLICE = POINTS * D;

                float gridCoordinate(float value) {
                    float c = (value + HALF) * TO_GRID;
                    return c > 0.0 ? min(c, float(R) - 1.0001) : 0.0;
                }

                float bilinear(int at, int up, float fx, float fy) {
                    float bottom = w[at] + (w[at + D] - w[at]) * fx;
                    float top = w[at + up] + (w[at + up + D] - w[at + up]) * fx;
                    return bottom + (top - bottom) * fy;
                }

                void velocity(float x[D], float t, out float v[D]) {
                    float gt = t > 0.0 ? min(t, 0.99999) * float(T - 1) : 0.0;
                    int k = int(gt);
                    float ft = gt - float(k);
                    float gx = gridCoordinate(x[0]);
                    float gy = gridCoordinate(x[1]);
                    int ix = int(gx);
                    int iy = int(gy);
                    float fx = gx - float(ix);
                    float fy = gy - float(iy);
                    int up = D * R;
                    if (D == 2) {
                        int at = k * SLICE + D * (iy * R + ix);
                        for (int c = 0; c < D; c++) {
                            float before = bilinear(at + c, up, fx, fy);
                            float after = bilinear(at + c + SLICE, up, fx, fy);
                            v[c] = before + (after - before) * ft;
                        }
                    } else {
                        float gz = gridCoordinate(x[D - 1]);
                        int iz = int(gz);
                        float fz = gz - float(iz);
                        int deep = D * R * R;
                        int at = k * SLICE + D * ((iz * R + iy) * R + ix);
                        for (int c = 0; c < D; c++) {
                            float near0 = bilinear(at + c, up, fx, fy);
                            float far0 = bilinear(at + c + deep, up, fx, fy);
                            float near1 = bilinear(at + c + SLICE, up, fx, fy);
                            float far1 = bilinear(at + c + SLICE + deep, up, fx, fy);
                            float before = near0 + (far0 - near0) * fz;
                            float after = near1 + (far1 - near1) * fz;
                            v[c] = before + (after - before) * ft;
                        }
                    }
                }
                """, baked.resolution(), baked.timeSlices(), Float.toString((float) baked.halfExtent()));
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
    }
}
