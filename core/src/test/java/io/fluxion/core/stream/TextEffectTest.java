package io.fluxion.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FramesReleased.class)
class TextEffectTest {

    private static Model glyphs;

    @BeforeAll
    static void train() {
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(400).seed(2).build();
        glyphs = CfmTrainer.train(Datasets.glyphs("IO-"), config).blockLast().model();
    }

    @Test
    void textFormsRetargetsWithoutJumpsAndNamesMissingCharacters() {
        TextEffect effect = new TextEffect(glyphs, "IO", new TextEffect.Spec(3000, 20, 1.0, 0.2, Placement.identity(), 1));
        assertEquals(List.of(), effect.missing());
        List<float[]> xs = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        effect.frames().take(60).doOnNext(frame -> {
            float[] copy = new float[2 * frame.count()];
            frame.positions().get(0, copy, 0, copy.length);
            xs.add(copy);
            times.add(frame.time());
            frame.release();
            if (xs.size() == 25) {
                effect.setText("O-I"); // three slots now, from the next frame
            }
        }).blockLast(Duration.ofSeconds(60));
        assertEquals(1.0, times.get(21), 1e-9, "formed after 20 frames");
        assertEquals(3000, xs.get(24).length / 2, "every particle drawn");
        double[] spread = {Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < 3000; i++) {
            spread[0] = Math.min(spread[0], xs.get(24)[2 * i]);
            spread[1] = Math.max(spread[1], xs.get(24)[2 * i]);
        }
        assertTrue(spread[0] < 0 && spread[1] > 0, "the line is centred on x = 0");
        double largest = 0;
        for (int k = 25; k < 60; k++) {
            float[] a = xs.get(k - 1);
            float[] b = xs.get(k);
            for (int j = 0; j < a.length; j++) {
                largest = Math.max(largest, Math.abs(a[j] - b[j]));
            }
        }
        System.out.printf("largest move in one frame while retargeting: %.3f%n", largest);
        assertTrue(largest < 1.5, "no jumps while retargeting: " + largest);
        assertEquals(1.0, times.get(59), 1e-9, "the new text stands after one flow time");

        effect.setText("IOX?");
        assertEquals(List.of("X", "?"), effect.missing());
        assertThrows(IllegalArgumentException.class, () -> new TextEffect(ParticleStreamsTest.exactModel(), "A",
                TextEffect.Spec.of(10)));
    }
}
