package io.fluxion.demo.show;

import io.fluxion.core.model.Model;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.render.FrameClock;
import io.fluxion.render.GlContext;
import io.fluxion.render.Hud;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import io.fluxion.render.gpu.GpuFlow;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;

/**
 * {@code show --gpu}: particles flow from noise to data with the field evaluated in a compute
 * shader ({@link GpuFlow}) and drawn from the GPU's own buffers, never copied to the CPU. Networks
 * wider than {@link #EXACT_MAX_WIDTH}, and fields that are not networks, are baked first. The
 * window runs the emitter's per-particle lifecycle on the GPU ({@link #runLive}); the headless
 * recording carries one batch from noise to data ({@link #record}). Runs on the context's render thread.
 */
public final class GpuShow {

    /**
     * Widest network the GPU show evaluates exactly on a software GL driver; wider ones are baked,
     * for speed: on llvmpipe a 3 × 64 step of 20 000 particles takes ~0.75 s, and a 4 × 256 one about
     * twelve times the work. On a hardware GPU every network runs exactly.
     */
    static final int EXACT_MAX_WIDTH = 128;

    private GpuShow() {
    }

    /**
     * The model the GPU evaluates on this context: the net itself on a hardware GPU, or on a software
     * driver when at most {@link #EXACT_MAX_WIDTH} wide; otherwise (and for fields that are not
     * networks) its baked field.
     */
    public static Model gpuModel(Model model, GlContext context) {
        boolean exactFits = MlpVelocityField.of(model.field())
                .map(network -> !GpuFlow.isSoftwareDriver(context) || network.architecture().width() <= EXACT_MAX_WIDTH)
                .orElse(false);
        if (exactFits) {
            return model;
        }
        return FieldChoice.bake(model);
    }

    /**
     * The live emitter on the GPU (the window): particles spawn as noise, flow to the data in 2.5 s,
     * hold 1.5 s and respawn, all on the GPU, advanced by the wall-clock time between frames (at most
     * 0.1 s a frame: four frame times of 25 ms). Runs until {@code seconds} have passed (0: until the window closes).
     *
     * @return frames drawn per second
     */
    public static double runLive(GlContext context, ShownModel shown, Model model, int particles, double seconds) {
        FrameClock clock = new FrameClock();
        long start = System.nanoTime();
        int drawn = 0;
        EmitterSpec spec = EmitterSpec.builder().maxParticles(particles).spawnRate(particles / 4.0).flowSeconds(2.5)
                .atEnd(EmitterSpec.AtEnd.HOLD).holdSeconds(1.5).solver(EmitterSpec.FrameSolver.HEUN)
                .frameSeconds(0.025).clockDriven(true).build();
        try (GpuFlow flow = new GpuFlow(context, model, particles);
             ParticleRenderer renderer = new ParticleRenderer(context);
             Hud hud = new Hud(context)) {
            shown.applyTo(renderer);
            flow.startEmitter(spec);
            while (!context.closeRequested() && (seconds <= 0 || System.nanoTime() - start < seconds * 1e9)) {
                flow.emit();
                renderer.draw(flow, 0f);
                clock.tick();
                hud.update(clock.framesPerSecond(), flow.count(), 2, model.name() + " (GPU emitter)", "heun");
                hud.draw();
                context.endFrame();
                drawn++;
            }
        }
        return drawn / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Records one flow headless: a batch of noise carried to the data in {@code steps} Heun steps,
     * all particles at the same t, each of the {@code steps + 1} frames (t = 0 included) read back and
     * handed to {@code sink}.
     *
     * @return frames drawn per second of wall time, read-back included
     */
    public static double record(GlContext context, ShownModel shown, Model model, int particles, int steps,
                         Consumer<BufferedImage> sink) {
        FrameClock clock = new FrameClock();
        long start = System.nanoTime();
        float dt = 1f / steps;
        try (GpuFlow flow = new GpuFlow(context, model, particles);
             ParticleRenderer renderer = new ParticleRenderer(context);
             Hud hud = new Hud(context)) {
            shown.applyTo(renderer);
            flow.uploadNoise(particles, 0);
            for (int k = 0; k <= steps; k++) {
                if (k > 0) {
                    flow.step((k - 1) * dt, dt, true);
                }
                renderer.draw(flow, k * dt);
                clock.tick();
                hud.update(clock.framesPerSecond(), particles, k > 0 ? 2 : 0, model.name() + " (GPU)", "heun");
                hud.draw();
                sink.accept(Screenshots.read(context));
            }
        }
        return (steps + 1) / ((System.nanoTime() - start) / 1e9);
    }
}
