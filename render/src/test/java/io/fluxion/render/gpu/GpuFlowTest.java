package io.fluxion.render.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.Activation;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.render.Camera2D;
import io.fluxion.render.GlContext;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import io.fluxion.render.gl.GlObjects;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compute-shader flow on llvmpipe against the CPU network on the same inputs. */
class GpuFlowTest {

    private static GlContext context;

    @BeforeAll
    static void open() {
        context = GlContext.headless(128, 128);
    }

    @AfterAll
    static void close() {
        context.close();
    }

    private static Model model(MlpArchitecture architecture) {
        MlpVelocityField field = new MlpVelocityField(MlpParameters.initialise(architecture, 5));
        return new Model("test", field, Schedules.condOt(0), Normalization.identity(architecture.dimension()), Map.of());
    }

    /** Largest |GPU − CPU| over all coordinates after one step from the same start. */
    private static double largestDifference(MlpArchitecture architecture, boolean heun) {
        return largestDifference(model(architecture), heun);
    }

    /**
     * The same field with data 2 × wider than model coordinates and shifted: GPU particles live in
     * data coordinates, the CPU steps in model coordinates, and the two must agree through the map.
     */
    private static Model shifted(Model model) {
        float[] mean = new float[model.dimension()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = 0.5f - j;
        }
        return new Model(model.name(), model.field(), model.schedule(), new Normalization(mean, 2f), Map.of());
    }

    private static double largestDifference(Model model, boolean heun) {
        return largestDifference(model, heun, false);
    }

    private static double largestDifference(Model model, boolean heun, boolean throughNormalization) {
        Model used = throughNormalization ? shifted(model) : model;
        int d = model.dimension();
        int n = 1000;
        float[] x = new float[n * d];
        SplittableRandom random = new SplittableRandom(d);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float t = 0.3f;
        float dt = 0.05f;
        float[] expected = x.clone();
        float[] k1 = new float[n * d];
        model.field().evaluate(expected, n, t, k1);
        if (heun) {
            float[] predicted = new float[n * d];
            for (int i = 0; i < n * d; i++) {
                predicted[i] = x[i] + dt * k1[i];
            }
            float[] k2 = new float[n * d];
            model.field().evaluate(predicted, n, t + dt, k2);
            for (int i = 0; i < n * d; i++) {
                expected[i] = x[i] + 0.5f * dt * (k1[i] + k2[i]);
            }
        } else {
            for (int i = 0; i < n * d; i++) {
                expected[i] = x[i] + dt * k1[i];
            }
        }
        float[] got = new float[n * d];
        float[] start = x.clone();
        used.normalization().toData(start, n);
        try (GpuFlow flow = new GpuFlow(context, used, n)) {
            flow.upload(start, n);
            flow.step(t, dt, heun);
            flow.download(got);
        }
        used.normalization().toData(expected, n);
        double worst = 0;
        for (int i = 0; i < n * d; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - got[i]));
        }
        return worst;
    }

    @Test
    void computeShaderStepsMatchTheCpuNetwork() {
        for (MlpArchitecture architecture : new MlpArchitecture[] {MlpArchitecture.of(2, 64, 3), MlpArchitecture.of(3, 32, 2),
            new MlpArchitecture(2, 48, 2, Activation.SILU, 3)}) {
            for (boolean heun : new boolean[] {false, true}) {
                double worst = largestDifference(architecture, heun);
                System.out.printf("GPU vs CPU, %s, %s: largest difference %.2e%n", architecture, heun ? "Heun" : "Euler", worst);
                assertTrue(worst <= 1e-4, architecture + (heun ? " Heun" : " Euler") + ": " + worst);
            }
        }
    }

    @Test
    void particlesLiveInDataCoordinatesLikeCpuFrames() {
        for (boolean heun : new boolean[] {false, true}) {
            double worst = largestDifference(model(MlpArchitecture.of(2, 32, 2)), heun, true);
            System.out.printf("GPU vs CPU through a normalisation (mean (0.5, -0.5), scale 2), %s: %.2e%n",
                    heun ? "Heun" : "Euler", worst);
            assertTrue(worst <= 2e-4, "data coordinates: " + worst);
        }
    }

    @Test
    void bakedFieldsMatchTheCpuInterpolation() {
        for (Model baked : new Model[] {model(MlpArchitecture.of(2, 128, 2)).baked(48, 9),
            model(MlpArchitecture.of(3, 32, 2)).baked(20, 5)}) {
            for (boolean heun : new boolean[] {false, true}) {
                double worst = largestDifference(baked, heun);
                System.out.printf("GPU vs CPU, %s, %s: largest difference %.2e%n", baked.field(), heun ? "Heun" : "Euler", worst);
                assertTrue(worst <= 1e-4, baked.field() + ": " + worst);
            }
            try (GpuFlow flow = new GpuFlow(context, baked, 16)) {
                // a 3-D grid is read through the texture units' trilinear filtering, a 2-D one from its buffer
                assertEquals(baked.dimension() == 3, flow.readsGridTexture(), baked.field().toString());
            }
        }
    }

    @Test
    void theRendererDrawsGpuParticlesWithoutACopyAndEverythingIsFreed() {
        int baseline = GlObjects.live();
        Model model = model(MlpArchitecture.of(2, 32, 2));
        int n = 5000;
        float[] x = new float[2 * n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 0.5);
        }
        try (GpuFlow flow = new GpuFlow(context, model, n); ParticleRenderer renderer = new ParticleRenderer(context)) {
            flow.upload(x, n);
            flow.step(0, 0.1f, false);
            renderer.setCamera(new Camera2D(0, 0, 3));
            renderer.draw(flow, 0.1f);
            BufferedImage image = Screenshots.read(context);
            assertTrue((image.getRGB(64, 64) & 0xffffff) != 0, "particles near the centre drawn");
            assertEquals(0, image.getRGB(1, 1) & 0xffffff, "corner dark");
        }
        assertEquals(baseline, GlObjects.live(), "buffers and programs freed");
        assertEquals(0, org.lwjgl.opengl.GL11.glGetError());
    }

    /** The emitter's lifecycle on the GPU: every particle's t follows its age; a steady share holds at t = 1. */
    @Test
    void gpuEmitterAgesRespawnsAndKeepsTimesConsistent() {
        int baseline = GlObjects.live();
        Model model = model(MlpArchitecture.of(2, 16, 2));
        int n = 4000;
        float flow = 0.6f;
        float hold = 0.4f;
        float[] ages = new float[n];
        float[] times = new float[n];
        float[] positions = new float[2 * n];
        try (GpuFlow gpu = new GpuFlow(context, model, n); ParticleRenderer renderer = new ParticleRenderer(context)) {
            gpu.startEmitter(EmitterSpec.builder().maxParticles(n).spawnRate(n / (flow + hold)).flowSeconds(flow)
                    .atEnd(EmitterSpec.AtEnd.HOLD).holdSeconds(hold).solver(EmitterSpec.FrameSolver.HEUN)
                    .frameSeconds(1.0 / 60).seed(9).build());
            assertTrue(gpu.hasParticleTimes());
            assertEquals(n, gpu.count(), "the steady live count: spawn rate × lifetime");
            for (int frame = 0; frame < 150; frame++) { // 2.5 s: every particle has spawned and most respawned
                gpu.emit();
            }
            renderer.draw(gpu, 0f);
            gpu.downloadAgesAndTimes(ages, times);
            gpu.download(positions);
            int holding = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(ages[i] >= 0 && ages[i] < flow + hold + 1e-4f, "age " + ages[i]);
                assertEquals(Math.min(1f, ages[i] / flow), times[i], 1e-5f, "t follows the age");
                holding += times[i] == 1f ? 1 : 0;
                assertTrue(Float.isFinite(positions[2 * i]) && Float.isFinite(positions[2 * i + 1]));
            }
            double share = holding / (double) n;
            assertTrue(Math.abs(share - hold / (flow + hold)) < 0.05, "share holding at t = 1: " + share);
        }
        assertEquals(baseline, GlObjects.live(), "emitter buffers freed");
    }

    @Test
    void gpuNoiseForRespawnsIsStandardNormal() {
        // a zero network: particles never move, so after two long frames every position is respawn noise
        MlpArchitecture architecture = MlpArchitecture.of(2, 8, 1);
        Model still = new Model("still", new MlpVelocityField(MlpParameters.zeros(architecture)), Schedules.condOt(0),
                Normalization.identity(2), Map.of());
        int n = 20_000;
        float[] positions = new float[2 * n];
        try (GpuFlow gpu = new GpuFlow(context, still, n)) {
            gpu.startEmitter(EmitterSpec.builder().maxParticles(n).spawnRate(n).flowSeconds(0.5)
                    .atEnd(EmitterSpec.AtEnd.HOLD).holdSeconds(0.5).frameSeconds(1.25).seed(3).build());
            gpu.emit();
            gpu.emit();
            gpu.download(positions);
        }
        double sum = 0;
        double squares = 0;
        for (float value : positions) {
            sum += value;
            squares += value * value;
        }
        double mean = sum / positions.length;
        double variance = squares / positions.length - mean * mean;
        System.out.printf("GPU respawn noise: mean %.4f, variance %.4f%n", mean, variance);
        assertTrue(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, "N(0, 1): mean " + mean + ", variance " + variance);
    }

    @Test
    void fieldsWithoutANetworkOrGridAreRejected() {
        Model exact = new Model("eight", new io.fluxion.core.field.GaussianMixtureField(io.fluxion.core.data.Datasets.eightGaussians(),
                Schedules.condOt(0)), Schedules.condOt(0), Normalization.identity(2), Map.of());
        assertThrows(IllegalArgumentException.class, () -> new GpuFlow(context, exact, 10));
        assertThrows(IllegalArgumentException.class, () -> new GpuFlow(context, model(MlpArchitecture.of(2, 16, 1)), 0));
        // beyond what llvmpipe's shader loop limit allows: refused, naming the way out
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> new GpuFlow(context, model(MlpArchitecture.of(2, 512, 3)), 10));
        assertTrue(tooLarge.getMessage().contains("Model.baked"), tooLarge.getMessage());
    }

    /**
     * A 4 × 256 net (the bundled models' size): 196 608 multiply-adds per evaluation, which with a
     * term per loop iteration would pass llvmpipe's 65 535-iteration limit and come out wrong (5e-2).
     */
    @Test
    void wideNetworksStayWithinTheSoftwareLoopLimitAndMatchTheCpu() {
        double worst = largestDifference(MlpArchitecture.of(2, 256, 4), true);
        System.out.printf("GPU vs CPU, 4x256, Heun: largest difference %.2e%n", worst);
        assertTrue(worst <= 1e-4, "4x256 Heun: " + worst);
    }

    /** DISSOLVE with RK4: t climbs to 1 in flowSeconds, comes back down, and the particle respawns. */
    @Test
    void gpuEmitterDissolvesWithRk4AsTheSpecSays() {
        Model model = model(MlpArchitecture.of(2, 16, 2));
        int n = 2000;
        float[] ages = new float[n];
        float[] times = new float[n];
        EmitterSpec spec = EmitterSpec.builder().maxParticles(n).spawnRate(n / 1.0).flowSeconds(0.5)
                .atEnd(EmitterSpec.AtEnd.DISSOLVE).solver(EmitterSpec.FrameSolver.RK4).frameSeconds(1.0 / 30).seed(4).build();
        try (GpuFlow gpu = new GpuFlow(context, model, n)) {
            gpu.startEmitter(spec);
            for (int frame = 0; frame < 60; frame++) {
                gpu.emit();
            }
            gpu.downloadAgesAndTimes(ages, times);
        }
        int flowingBack = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(ages[i] >= 0 && ages[i] < 1.0 + 1e-4f, "age within the 1 s life: " + ages[i]);
            float expected = ages[i] <= 0.5f ? ages[i] / 0.5f : 2 - ages[i] / 0.5f;
            assertEquals(expected, times[i], 1e-4f, "t up then down with the age " + ages[i]);
            flowingBack += ages[i] > 0.5f ? 1 : 0;
        }
        assertTrue(Math.abs(flowingBack / (double) n - 0.5) < 0.08, "half the particles on their way back: " + flowingBack);
    }
}
