package io.fluxion.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.model.ModelFormatException;
import io.fluxion.core.model.Normalization;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.path.Schedules;
import io.fluxion.core.stream.EmitterSpec;
import io.fluxion.core.stream.FrameCounts;
import io.fluxion.core.stream.FramesReleased;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.ParticleStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;
import reactor.util.Loggers;

/**
 * A running emitter on a watched model file while the file goes bad in every way: loads slower
 * than the check interval, a zip bomb, a truncated file, a deleted one, a file replaced a hundred
 * times a second. The emitter never stops, keeps the last good model, moves to each good new
 * one; failures arrive as events; nothing is logged; every lease and frame comes back.
 */
class HotReloadTest {

    @TempDir
    Path folder;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private long framesOutBefore;

    @BeforeEach
    void captureLogs() throws InterruptedException {
        Loggers.useJdkLoggers();
        Logger.getLogger("").addHandler(capture);
        Hooks.onErrorDropped(dropped::add);
        framesOutBefore = FramesReleased.settledOutstanding();
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
        Hooks.resetOnErrorDropped();
        Loggers.resetLoggerFactory();
    }

    static void save(Path file, String name, MlpArchitecture architecture, long seed) throws IOException {
        ModelFiles.save(new Model(name, new MlpVelocityField(MlpParameters.initialise(architecture, seed)), Schedules.condOt(0),
                Normalization.identity(2), Map.of()), file);
    }

    /** Writes {@code bytes} over {@code file} through a rename, as an editor or exporter would. */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".incoming");
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A running emitter on the store's key, recording the model of its newest frame and its error. */
    private static final class RunningEmitter implements AutoCloseable {
        final AtomicReference<String> model = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicLong frames = new AtomicLong();
        final Disposable subscription;

        RunningEmitter(ModelStore store, ModelKey key) {
            EmitterSpec spec = EmitterSpec.builder().maxParticles(2_000).spawnRate(1_000).flowSeconds(1).build();
            subscription = ParticleStreams.latest(ParticleStreams.emitter(store, key, spec))
                    .subscribe(frame -> {
                        model.set(frame.modelName());
                        frames.incrementAndGet();
                        frame.release();
                    }, error::set);
        }

        /** Waits until frames come from {@code name}, failing on a stream error. */
        void awaitModel(String name) throws InterruptedException {
            await(() -> {
                if (error.get() != null) {
                    throw new AssertionError("the emitter failed", error.get());
                }
                return name.equals(model.get());
            }, "frames from " + name + " (now " + model.get() + ")");
        }

        /** Waits for a few more frames and checks they are still from {@code name}. */
        void assertStillRunning(String name) throws InterruptedException {
            long seen = frames.get();
            await(() -> frames.get() > seen + 3, "more frames");
            assertNull(error.get());
            assertEquals(name, model.get());
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    private List<ModelEvent> recordEvents(ModelStore store) {
        List<ModelEvent> events = new CopyOnWriteArrayList<>();
        store.events().subscribe(events::add);
        return events;
    }

    private static long count(List<ModelEvent> events, ModelEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    private void assertEverythingReleased(ModelStore store) throws InterruptedException {
        await(() -> store.stats().openLeases() == 0, "leases closed: " + store.stats());
        await(() -> FrameCounts.outstanding() == framesOutBefore, "frames released");
        assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList(), "nothing logged");
        assertEquals(List.of(), dropped, "no dropped errors");
    }

    @Test
    void loadsSlowerThanTheCheckIntervalNeverEndTheWatch() throws Exception {
        // a 4 x 512 net takes tens of milliseconds to load; the store looks every millisecond
        MlpArchitecture wide = MlpArchitecture.of(2, 512, 4);
        Path file = folder.resolve("slow.fluxion");
        save(file, "v1", wide, 1);
        try (ModelStore store = ModelStore.create(1L << 30, Duration.ofMillis(1))) {
            List<ModelEvent> events = recordEvents(store);
            try (RunningEmitter emitter = new RunningEmitter(store, ModelKey.file(file))) {
                emitter.awaitModel("v1");
                for (int version = 2; version <= 4; version++) {
                    save(file, "v" + version, wide, version);
                    emitter.awaitModel("v" + version);
                }
                emitter.assertStillRunning("v4");
            }
            assertEquals(3, count(events, ModelEvent.Type.RELOADED), events.toString());
            assertEverythingReleased(store);
        }
    }

    @Test
    void aZipBombIsAFailedReloadAndTheEmitterCarriesOn() throws Exception {
        Path file = folder.resolve("bomb.fluxion");
        save(file, "good", ModelStoreTest.SMALL, 1);
        try (ModelStore store = ModelStore.create(1L << 30, Duration.ofMillis(20))) {
            List<ModelEvent> events = recordEvents(store);
            try (RunningEmitter emitter = new RunningEmitter(store, ModelKey.file(file))) {
                emitter.awaitModel("good");
                replace(file, zipBomb(false));
                await(() -> count(events, ModelEvent.Type.RELOAD_FAILED) == 1, "the failed reload of the lying bomb");
                emitter.assertStillRunning("good");
                replace(file, zipBomb(true));
                await(() -> count(events, ModelEvent.Type.RELOAD_FAILED) == 2, "the failed reload of the declared bomb");
                emitter.assertStillRunning("good");
                save(file, "after", ModelStoreTest.SMALL, 2);
                emitter.awaitModel("after");
            }
            List<ModelEvent> failures = events.stream().filter(e -> e.type() == ModelEvent.Type.RELOAD_FAILED).toList();
            assertInstanceOf(ModelFormatException.class, failures.get(0).error());
            assertTrue(failures.get(0).error().getMessage().contains("unpacks to more than"), failures.get(0).describe());
            assertTrue(failures.get(1).error().getMessage().contains("more than the limit"), failures.get(1).describe());
            assertEverythingReleased(store);
        }
    }

    /**
     * A model file whose {@code model.json} inflates to 64 MiB of zeros from a few kilobytes:
     * declaring its true size ({@code honest}) or claiming 100 bytes in the central directory.
     * The honest one is re-declared as 4 GiB, as a real bomb of that size would.
     */
    static byte[] zipBomb(boolean honest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        byte[] file = bytes.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = file.length - 22; at >= 0; at--) {
            if (buffer.getInt(at) == 0x02014b50) { // central directory header: uncompressed size at +24
                buffer.putInt(at + 24, honest ? 0xfffffff0 : 100);
                break;
            }
        }
        return file;
    }

    @Test
    void truncatedAndDeletedFilesKeepTheLastGoodModelAndAreReportedOnce() throws Exception {
        Path file = folder.resolve("fragile.fluxion");
        save(file, "good", ModelStoreTest.SMALL, 1);
        byte[] valid = Files.readAllBytes(file);
        try (ModelStore store = ModelStore.create(1L << 30, Duration.ofMillis(10))) {
            List<ModelEvent> events = recordEvents(store);
            try (RunningEmitter emitter = new RunningEmitter(store, ModelKey.file(file))) {
                emitter.awaitModel("good");
                replace(file, java.util.Arrays.copyOf(valid, valid.length / 2));
                await(() -> count(events, ModelEvent.Type.RELOAD_FAILED) == 1, "the truncated file's failure");
                Files.delete(file);
                await(() -> count(events, ModelEvent.Type.RELOAD_FAILED) == 2, "the deleted file's failure");
                Thread.sleep(200); // twenty checks of the same missing file
                emitter.assertStillRunning("good");
                assertEquals(2, count(events, ModelEvent.Type.RELOAD_FAILED), "each bad version reported once: " + events);
                save(file, "restored", ModelStoreTest.SMALL, 3);
                emitter.awaitModel("restored");
            }
            List<ModelEvent> failures = events.stream().filter(e -> e.type() == ModelEvent.Type.RELOAD_FAILED).toList();
            assertTrue(failures.get(0).error().getMessage().contains("truncated"), failures.get(0).describe());
            assertInstanceOf(NoSuchFileException.class, failures.get(1).error());
            assertEverythingReleased(store);
        }
    }

    @Test
    void aFileReplacedAHundredTimesASecond() throws Exception {
        Path file = folder.resolve("busy.fluxion");
        save(file, "v0", ModelStoreTest.SMALL, 0);
        try (ModelStore store = ModelStore.create(1L << 30, Duration.ofMillis(5))) {
            List<ModelEvent> events = recordEvents(store);
            try (RunningEmitter emitter = new RunningEmitter(store, ModelKey.file(file))) {
                emitter.awaitModel("v0");
                long start = System.nanoTime();
                int version = 0;
                while (System.nanoTime() - start < 2_000_000_000L) {
                    version++;
                    if (version % 2 == 0) {
                        save(file, "v" + version, ModelStoreTest.SMALL, version); // atomic
                    } else {
                        // written in place: a reader may see it half-written
                        Path staged = folder.resolve("staged.fluxion");
                        save(staged, "v" + version, ModelStoreTest.SMALL, version);
                        Files.write(file, Files.readAllBytes(staged));
                    }
                    Thread.sleep(10);
                }
                save(file, "final", ModelStoreTest.SMALL, 12345);
                emitter.awaitModel("final");
                emitter.assertStillRunning("final");
                System.out.printf("replaced %d times in 2 s: %d reloads, %d failed reloads, %d frames%n", version,
                        count(events, ModelEvent.Type.RELOADED), count(events, ModelEvent.Type.RELOAD_FAILED),
                        emitter.frames.get());
            }
            assertTrue(count(events, ModelEvent.Type.RELOADED) >= 10, events.size() + " events");
            assertEverythingReleased(store);
        }
    }

    @Test
    void invalidateDropsTheCachedModelAndRefreshLoadsItAgain() throws Exception {
        Path file = folder.resolve("manual.fluxion");
        save(file, "first", ModelStoreTest.SMALL, 1);
        ModelKey key = ModelKey.file(file);
        try (ModelStore store = ModelStore.create(1L << 30, Duration.ofMillis(10))) {
            List<ModelEvent> events = recordEvents(store);
            ModelLease held = store.lease(key).block(Duration.ofSeconds(10));
            store.invalidate(key);
            assertEquals(0, store.stats().cached());
            float[] out = new float[2];
            held.model().field().evaluate(new float[] {0.1f, 0.2f}, 1, 0.5f, out);
            assertTrue(Float.isFinite(out[0]), "a leased model survives invalidate");
            try (ModelLease again = store.lease(key).block(Duration.ofSeconds(10))) {
                assertTrue(again.version() > held.version(), "loaded again after invalidate");
            }
            held.close();
            assertEquals(2, store.stats().loads());
            assertEquals(1, count(events, ModelEvent.Type.INVALIDATED));

            // refresh: watchers move to the new version even though the file did not change
            List<Long> versions = new CopyOnWriteArrayList<>();
            Disposable watching = store.watch(key).subscribe(lease -> {
                versions.add(lease.version());
                lease.close();
            });
            await(() -> versions.size() == 1, "the watch's first version");
            StepVerifier.create(store.refresh(key)).verifyComplete();
            await(() -> versions.size() == 2, "the refreshed version");
            assertTrue(versions.get(1) > versions.get(0));

            // a failed refresh errors the caller, is an event, and keeps the cached version
            Files.writeString(file, "not a model any more");
            StepVerifier.create(store.refresh(key)).expectError(ModelFormatException.class).verify(Duration.ofSeconds(10));
            assertEquals(1, store.stats().cached());
            await(() -> count(events, ModelEvent.Type.RELOAD_FAILED) == 1, "the failed refresh's event");
            watching.dispose();
            assertEverythingReleased(store);
        }
    }

    @Test
    void eventsDescribeThemselvesInOneLine() {
        ModelKey key = ModelKey.file(Path.of("/models/a.fluxion"));
        assertEquals("reload failed /models/a.fluxion: file is truncated",
                new ModelEvent(ModelEvent.Type.RELOAD_FAILED, key, 0, new IOException("file is truncated")).describe());
        assertEquals("loaded /models/a.fluxion (version 3)", new ModelEvent(ModelEvent.Type.LOADED, key, 3, null).describe());
    }

    @Test
    void aModelLargerThanTheWholeStoreFailsWithTheReason() throws Exception {
        Path file = folder.resolve("big.fluxion");
        save(file, "big", ModelStoreTest.SMALL, 1);
        try (ModelStore store = ModelStore.create(100, Duration.ofSeconds(1))) {
            StepVerifier.create(store.lease(ModelKey.file(file)))
                    .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("more than the store's maximum of 100"),
                            e.getMessage()))
                    .verify(Duration.ofSeconds(10));
        }
    }
}
