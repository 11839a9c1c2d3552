package io.fluxion.demo;

import io.fluxion.core.field.MlpVelocityField;
import io.fluxion.core.model.Model;
import io.fluxion.render.Camera2D;
import io.fluxion.render.ColourMode;
import io.fluxion.render.FrameClock;
import io.fluxion.render.GlContext;
import io.fluxion.render.Hud;
import io.fluxion.render.ParticleRenderer;
import io.fluxion.render.Screenshots;
import io.fluxion.render.gpu.GpuFlow;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code show --gpu}: particles flow from noise to data with the field evaluated in a compute
 * shader ({@link GpuFlow}) and drawn from the GPU's own buffers, never copied to the CPU. Networks
 * wider than {@link GpuFlow#MAX_WIDTH}, and fields that are not networks, are baked first. A batch flows t = 0 → 1 in {@code steps}
 * Heun steps, holds, and starts again from fresh noise (all particles share t) for the headless
 * recording; the window runs the emitter's per-particle lifecycle on the GPU ({@link #runLive}).
 * Runs on the context's render thread.
 */
final class GpuShow {

    private GpuShow() {
    }

    /** The model the GPU evaluates: the net itself when narrow enough, else its baked field (any field). */
    static Model gpuModel(Model model) {
        if (model.field() instanceof MlpVelocityField
                && ((MlpVelocityField) model.field()).architecture().width() <= GpuFlow.MAX_WIDTH) {
            return model;
        }
        return FieldChoice.bake(model);
    }

    /**
     * The live emitter on the GPU (the window): particles spawn as noise, flow to the data in 2.5 s,
     * hold 1.5 s and respawn, all on the GPU, advanced by the wall-clock time between frames (at most
     * 0.1 s a frame). Runs until {@code seconds} have passed (0: until the window closes).
     *
     * @return frames drawn per second
     */
    static double runLive(GlContext context, ShownModel shown, Model model, int particles, double seconds) {
        FrameClock clock = new FrameClock();
        long start = System.nanoTime();
        long previous = start;
        int drawn = 0;
        try (GpuFlow flow = new GpuFlow(context, model, particles);
             ParticleRenderer renderer = new ParticleRenderer(context);
             Hud hud = new Hud(context)) {
            renderer.setCamera(new Camera2D(0, 0, shown.viewHalfHeight()));
            renderer.setColourMap(shown.colours());
            renderer.settings().colourMode(shown.colours() != null ? ColourMode.DATA : ColourMode.SPEED);
            flow.startEmitter(particles, 4f, 0);
            while (!context.closeRequested() && (seconds <= 0 || System.nanoTime() - start < seconds * 1e9)) {
                long now = System.nanoTime();
                flow.emit((float) Math.min(0.1, (now - previous) / 1e9), 2.5f, 1.5f);
                previous = now;
                renderer.draw(flow, 0f);
                clock.tick();
                hud.update(clock.framesPerSecond(), particles, 2, model.name() + " (GPU emitter)", "heun");
                hud.draw();
                context.endFrame();
                drawn++;
            }
        }
        return drawn / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Draws flows until {@code frames} frames were drawn (0: until the window closes), handing each
     * frame's image to {@code sink} when it is not null (headless recording).
     *
     * @return frames drawn per second of wall time
     */
    static double run(GlContext context, ShownModel shown, Model model, int particles, int steps, int frames,
                      Consumer<BufferedImage> sink) {
        int d = model.dimension();
        float[] noise = new float[particles * d];
        SplittableRandom random = new SplittableRandom(0);
        FrameClock clock = new FrameClock();
        long start = System.nanoTime();
        int drawn = 0;
        try (GpuFlow flow = new GpuFlow(context, model, particles);
             ParticleRenderer renderer = new ParticleRenderer(context);
             Hud hud = new Hud(context)) {
            renderer.setCamera(new Camera2D(0, 0, shown.viewHalfHeight()));
            renderer.setColourMap(shown.colours());
            renderer.settings().colourMode(shown.colours() != null ? ColourMode.DATA : ColourMode.SPEED);
            int hold = steps / 3;
            int step = steps + hold + 1; // start with a fresh batch
            while ((frames == 0 || drawn < frames) && !context.closeRequested()) {
                if (step > steps + hold) {
                    for (int i = 0; i < noise.length; i++) {
                        noise[i] = (float) random.nextGaussian();
                    }
                    flow.upload(noise, particles);
                    step = 0;
                }
                float dt = 1f / steps;
                float t = Math.min(step, steps) * dt;
                if (step < steps) {
                    flow.step(t, dt, true);
                }
                renderer.draw(flow, Math.min(1f, t + dt));
                clock.tick();
                hud.update(clock.framesPerSecond(), particles, step < steps ? 2 : 0, model.name() + " (GPU)", "heun");
                hud.draw();
                if (sink != null) {
                    sink.accept(Screenshots.read(context));
                }
                context.endFrame();
                step++;
                drawn++;
            }
        }
        return drawn / ((System.nanoTime() - start) / 1e9);
    }
}
