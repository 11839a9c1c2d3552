package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Fresh x0, x1, t every step and no memory growth: native and resident memory stay flat. */
class TrainingMemoryTest {

    /** Resident set size of this process in bytes, from /proc (Linux). */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return Pointer.physicalBytes();
        }
        return Pointer.physicalBytes();
    }

    @Test
    void residentAndNativeMemoryStayFlatOverManySteps() {
        TrainingConfig config = TrainingConfig.builder().width(128).depth(3).batchSize(1024).steps(3000)
                .reportEvery(100).emaDecay(0.99).seed(1).build();
        List<long[]> samples = new ArrayList<>();
        CfmTrainer.train(Datasets.checkerboard(), config)
                .doOnNext(event -> samples.add(new long[] {event.step(), residentBytes(), Pointer.totalBytes(),
                        Runtime.getRuntime().totalMemory()}))
                .blockLast(Duration.ofMinutes(5));
        StringBuilder trace = new StringBuilder("resident MB by step:");
        for (long[] s : samples) {
            trace.append(String.format(" %d:%.0f(heap %.0f)", s[0], s[1] / 1e6, s[3] / 1e6));
        }
        System.out.println(trace);
        long[] warm = samples.get(2);            // after 300 steps
        long[] last = samples.get(samples.size() - 1);
        long residentGrowth = last[1] - warm[1];
        long nativeGrowth = last[2] - warm[2];
        System.out.printf("memory from step %d to %d: resident %+.1f MB (now %.0f MB), JavaCPP native %+.2f MB (now %.1f MB)%n",
                warm[0], last[0], residentGrowth / 1e6, last[1] / 1e6, nativeGrowth / 1e6, last[2] / 1e6);
        long maxNative = samples.stream().skip(2).mapToLong(s -> s[2]).max().orElseThrow();
        assertTrue(maxNative - warm[2] < 8_000_000, "native memory grew by " + (maxNative - warm[2]) + " bytes");
        assertTrue(residentGrowth < 64_000_000, "resident memory grew by " + residentGrowth + " bytes");
    }
}
