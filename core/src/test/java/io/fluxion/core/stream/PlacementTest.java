package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(FramesReleased.class)
class PlacementTest {

    @Test
    void placementsScaleRotateAndMove() {
        float[] point = {1, 0};
        Placement.of2d(10, 5, Math.PI / 2, 2).apply(point, 1, 2);
        assertArrayEquals(new float[] {10, 7}, point, 1e-5f);
        float[] velocity = {1, 0};
        Placement.of2d(10, 5, Math.PI / 2, 2).applyToVectors(velocity, 1, 2);
        assertArrayEquals(new float[] {0, 2}, velocity, 1e-5f);
        float[] solid = {1, 0, 0};
        Placement.of3d(new float[] {0, 0, 3}, new float[] {0, 1, 0}, Math.PI / 2, new float[] {2, 1, 1}).apply(solid, 1, 3);
        assertArrayEquals(new float[] {0, 0, 1}, solid, 1e-5f, "x scaled by 2, turned about y to −z, moved by +3 in z");
        assertThrows(IllegalArgumentException.class, () -> Placement.of3d(new float[3], new float[3], 1, new float[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Placement.of2d(Double.NaN, 0, 0, 1));
    }

    /** The positions of the first {@code count} frames, copied. */
    private static List<float[]> positions(Flux<ParticleFrame> frames, int count) {
        List<float[]> out = new ArrayList<>();
        frames.take(count).doOnNext(frame -> {
            float[] copy = new float[frame.count() * frame.dimension()];
            frame.positions().get(0, copy, 0, copy.length);
            out.add(copy);
            frame.release();
        }).blockLast(Duration.ofSeconds(30));
        return out;
    }

    @Test
    void anEmitterDrawsInWorldCoordinatesAndFollowsLiveChangesAtTheNextFrame() {
        EmitterSpec.Builder spec = EmitterTest.spec();
        List<float[]> plain = positions(ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()), spec.build()), 6);
        LivePlacement live = new LivePlacement(Placement.of2d(100, 0, 0, 1));
        List<float[]> placed = new ArrayList<>();
        ParticleStreams.emitter(Mono.just(ParticleStreamsTest.exactModel()), spec.placement(live).build()).take(6)
                .doOnNext(frame -> {
                    float[] copy = new float[frame.count() * frame.dimension()];
                    frame.positions().get(0, copy, 0, copy.length);
                    placed.add(copy);
                    frame.release();
                    if (placed.size() == 3) {
                        live.set(Placement.of2d(0, -50, 0, 2)); // takes effect at the next frame
                    }
                }).blockLast(Duration.ofSeconds(30));
        for (int k = 0; k < 6; k++) {
            float[] want = plain.get(k).clone();
            (k < 3 ? Placement.of2d(100, 0, 0, 1) : Placement.of2d(0, -50, 0, 2)).apply(want, want.length / 2, 2);
            assertEquals(want.length, placed.get(k).length);
            assertArrayEquals(want, placed.get(k), 1e-3f, "frame " + k);
        }
    }
}
