package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.TestResources;
import io.fluxion.core.data.Datasets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fresh x0, x1, t every step and no memory growth: ND4J's live native bytes and the process's
 * resident memory stay flat after warm-up. Runs in its own JVM with a fixed, pre-touched heap
 * (surefire execution "memory" in core/pom.xml), so heap pages being touched for the first
 * time do not show up as growth.
 */
class TrainingMemoryTest {

    @Test
    void residentMemoryStaysFlatOverManySteps() {
        TrainingConfig config = TrainingConfig.builder().width(128).depth(3).batchSize(1024).steps(3000)
                .reportEvery(100).emaDecay(0.99).seed(1).build();
        List<long[]> samples = new ArrayList<>();
        CfmTrainer.train(Datasets.checkerboard(), config)
                .doOnNext(event -> samples.add(new long[] {event.step(), TestResources.residentBytes()}))
                .blockLast(Duration.ofMinutes(5));
        StringBuilder trace = new StringBuilder("resident MB by step:");
        for (long[] s : samples) {
            trace.append(String.format(" %d:%.0f", s[0], s[1] / 1e6));
        }
        System.out.println(trace);
        // warm-up (JIT, allocator arenas) ends well before half way; after it, resident memory moved by
        // 4-13 MB between runs, while a leak of even one 64 KB buffer per step would add ~100 MB (and of a
        // batch-sized buffer, 1.5 GB): the bound is 24 MB, i.e. 16 KB per step
        long[] half = samples.get(samples.size() / 2 - 1);
        long[] last = samples.get(samples.size() - 1);
        long highest = samples.stream().skip(samples.size() / 2).mapToLong(s -> s[1]).max().orElseThrow();
        System.out.printf("resident memory from step %d to %d: %+.1f MB (highest %+.1f MB), now %.0f MB%n",
                half[0], last[0], (last[1] - half[1]) / 1e6, (highest - half[1]) / 1e6, last[1] / 1e6);
        assertTrue(last[1] - half[1] < 24_000_000, "resident memory grew by " + (last[1] - half[1]) + " bytes");
        assertTrue(highest - half[1] < 24_000_000, "resident memory peaked " + (highest - half[1]) + " bytes higher");
    }
}
