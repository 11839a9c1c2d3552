package io.fluxion.demo.cli;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.store.ModelEvent;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.store.ModelStoreStats;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.FrameCounts;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import io.fluxion.core.stream.StreamSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code fluxion soak}: many streams against a model store too small for their models while the
 * watched file is rewritten, truncated and deleted, for as long as asked; then the leak counters
 * (open leases, frames not released), frames per stream and resident memory over time. Exit code
 * 1 when a stream failed or something leaked.
 */
@Command(name = "soak", description = {"Run many streams under evictions and hot reloads, then print the leak counters.",
    "Half the streams are emitters following a watched file that is rewritten every 2 s, truncated every 7 s and",
    "deleted every 11 s; the rest take 50 frames of samples from one of three other models and start again.",
    "The store holds two models' parameters, so models are evicted all along."},
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion soak --seconds 300"})
public final class SoakCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "300", description = "how long to run (default 300)") int seconds;
    @Option(names = "--streams", defaultValue = "16", description = "concurrent streams (default 16)") int streams;

    private static final MlpArchitecture ARCHITECTURE = MlpArchitecture.of(2, 64, 3);

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 86_400 || streams < 2 || streams > 10_000) {
            throw new IllegalArgumentException("--seconds must be in [1, 86400] and --streams in [2, 10000], got "
                    + seconds + " and " + streams);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Files.createTempDirectory("fluxion-soak");
        try {
            return soak(folder, out);
        } finally {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    private int soak(Path folder, PrintWriter out) throws IOException, InterruptedException {
        List<ModelKey> keys = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            keys.add(ModelKey.file(save(folder.resolve("m" + k + ".fluxion"), "m" + k, k)));
        }
        long framesOutBefore = FrameCounts.outstanding();
        AtomicLongArray frames = new AtomicLongArray(streams);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reloadFailures = new AtomicLong();
        long bytes = 4L * ARCHITECTURE.parameterCount();
        List<long[]> resident = new ArrayList<>();
        ModelStoreStats stats;
        try (ModelStore store = ModelStore.create(2 * bytes + 100, Duration.ofMillis(200))) {
            Disposable events = store.events().filter(e -> e.type() == ModelEvent.Type.RELOAD_FAILED)
                    .subscribe(e -> reloadFailures.incrementAndGet());
            EmitterSpec emitter = EmitterSpec.builder().maxParticles(5_000).spawnRate(5_000).flowSeconds(0.5)
                    .clockDriven(true).build();
            StreamSpec samples = StreamSpec.builder().particles(1_000).steps(8).build();
            List<Disposable> running = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int index = s;
                Flux<ParticleFrame> stream = s % 2 == 0
                        ? ParticleStreams.latest(ParticleStreams.emitter(store, keys.get(0), emitter))
                        : Flux.defer(() -> ParticleStreams.samples(store, keys.get(1 + index % 3), samples).take(50)).repeat();
                running.add(stream.subscribe(frame -> {
                    frames.incrementAndGet(index);
                    frame.release();
                }, error -> failure.compareAndSet(null, error)));
            }
            long start = System.nanoTime();
            for (int second = 1; second <= seconds && failure.get() == null; second++) {
                Thread.sleep(Math.max(0, start / 1_000_000 + second * 1000L - System.nanoTime() / 1_000_000));
                resident.add(new long[] {second, residentBytes()});
                Path watched = folder.resolve("m0.fluxion");
                if (second % 11 == 0) {
                    Files.deleteIfExists(watched);
                } else if (second % 7 == 0) {
                    Model cut = model("m0-cut", second);
                    byte[] valid = ModelFiles.toBytes(cut);
                    cut.field().close();
                    Files.write(watched, Arrays.copyOf(valid, valid.length / 2));
                } else if (second % 2 == 0) {
                    save(watched, "m0-v" + second, second);
                }
                if (second % 30 == 0 || second == seconds) {
                    out.printf(Locale.ROOT, "%4d s: %,d frames, resident %.0f MB, %s%n", second, total(frames),
                            residentBytes() / 1e6, store.stats());
                    out.flush();
                }
            }
            running.forEach(Disposable::dispose);
            events.dispose();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((store.stats().openLeases() != 0 || FrameCounts.outstanding() != framesOutBefore)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            stats = store.stats();
        }
        long[] sorted = new long[streams];
        for (int s = 0; s < streams; s++) {
            sorted[s] = frames.get(s);
        }
        Arrays.sort(sorted);
        long outstanding = FrameCounts.outstanding() - framesOutBefore;
        out.printf(Locale.ROOT, "soak: %d streams for %d s, frames per stream min %,d, median %,d, max %,d%n", streams,
                resident.size(), sorted[0], sorted[streams / 2], sorted[streams - 1]);
        out.printf(Locale.ROOT, "store: %d loads, %d failed (reported as %d RELOAD_FAILED events), %d evictions, %d freed%n",
                stats.loads(), stats.failedLoads(), reloadFailures.get(), stats.evictions(), stats.freed());
        out.printf(Locale.ROOT, "leaks: %d leases open, %d frames not released%n", stats.openLeases(), outstanding);
        if (resident.size() >= 4) {
            out.printf(Locale.ROOT, "resident memory: %.0f MB at %d s, %.0f MB at %d s, %.0f MB at the end%n",
                    resident.get(0)[1] / 1e6, resident.get(0)[0], resident.get(resident.size() / 2)[1] / 1e6,
                    resident.get(resident.size() / 2)[0], resident.get(resident.size() - 1)[1] / 1e6);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a stream failed: " + failure.get().getMessage(), failure.get());
        }
        return stats.openLeases() == 0 && outstanding == 0 ? 0 : 1;
    }

    private static long total(AtomicLongArray frames) {
        long sum = 0;
        for (int s = 0; s < frames.length(); s++) {
            sum += frames.get(s);
        }
        return sum;
    }

    private static Model model(String name, long seed) {
        return new Model(name, new MlpVelocityField(MlpParameters.initialise(ARCHITECTURE, seed)), Schedules.condOt(0),
                Normalization.identity(2), Map.of());
    }

    private static Path save(Path file, String name, long seed) throws IOException {
        Model model = model(name, seed);
        ModelFiles.save(model, file);
        model.field().close();
        return file;
    }

    /** Resident set size of this process in bytes, from /proc (Linux); 0 where that is missing. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
