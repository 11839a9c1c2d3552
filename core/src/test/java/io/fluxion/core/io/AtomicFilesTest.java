package io.fluxion.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the old file survives everything, and no temporary file is left behind. */
class AtomicFilesTest {

    private static long temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path folder) throws IOException {
        Path target = Files.writeString(folder.resolve("model.bin"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(0, temporaryFiles(folder));
    }

    /** SIGTERM (what Ctrl-C does to a JVM too) while a write is under way. */
    @Test
    void aStoppedJvmLeavesNoTemporaryFile(@TempDir Path folder) throws Exception {
        Path target = Files.writeString(folder.resolve("model.bin"), "old");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWrite.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", output.readLine());
            assertEquals(1, temporaryFiles(folder), "the write is under way");
            process.destroy();
            process.waitFor();
        }
        assertEquals(0, temporaryFiles(folder), "the shutdown removed the temporary file");
        assertEquals("old", Files.readString(target), "the old file is intact");
    }

    @Test
    void theFolderMustExistAndTheTargetMustNotBeOne(@TempDir Path folder) throws IOException {
        IOException missing = assertThrows(IOException.class,
                () -> AtomicFiles.write(folder.resolve("no").resolve("x.bin"), out -> { }));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertTrue(!Files.exists(folder.resolve("no")), "no folder made");
        IOException isFolder = assertThrows(IOException.class, () -> AtomicFiles.write(folder, out -> { }));
        assertTrue(isFolder.getMessage().endsWith("it is a folder"), isFolder.getMessage());
    }
}
