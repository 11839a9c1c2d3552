package io.fluxion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

    private static final String WRITE = "-XX:ArchiveClassesAtExit=";
    private static final String USE = "-XX:SharedArchiveFile=";

    /** What the JVM does with the options: writes the archive at exit when told to. */
    private static void exitJvm(List<String> options, byte[] archive) throws Exception {
        for (String option : options) {
            if (option.startsWith(WRITE)) {
                Files.write(Path.of(option.substring(WRITE.length())), archive);
            }
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static String option(List<String> options, String prefix) {
        return options.stream().filter(option -> option.startsWith(prefix)).findFirst().orElse(null);
    }

    /** A class path of jars, as {@code java -jar fluxion.jar} has. */
    private static String jars(Path folder) throws Exception {
        Path app = Files.write(folder.resolve("app.jar"), new byte[10]);
        Path library = Files.write(folder.resolve("library.jar"), new byte[20]);
        return app + java.io.File.pathSeparator + library;
    }

    @Test
    void theFirstRunWritesTheArchiveAndLaterRunsUseIt(@TempDir Path jars, @TempDir Path folder) throws Exception {
        String classPath = jars(jars);
        ClassDataArchive first = ClassDataArchive.in(folder, classPath);
        List<String> writing = first.jvmOptions();
        assertNotNull(option(writing, WRITE), writing.toString());
        assertTrue(writing.contains("-Xlog:cds*=off"), "the JVM's archive warnings stay off the console");
        exitJvm(writing, "archive bytes".getBytes(StandardCharsets.UTF_8));
        first.finish(0);
        List<Path> kept = files(folder);
        assertEquals(1, kept.size(), kept.toString());
        assertTrue(kept.get(0).getFileName().toString().matches("classes-[0-9a-f]{16}-[0-9a-f]{8}\\.jsa"), kept.toString());

        List<String> using = ClassDataArchive.in(folder, classPath).jvmOptions();
        assertEquals(USE + kept.get(0), option(using, USE));
        assertEquals(null, option(using, WRITE));
    }

    /** The JVM of JDK 17 crashes on a damaged archive: one whose bytes do not match its name is deleted, not used. */
    @Test
    void aDamagedArchiveIsDeletedAndWrittenAgain(@TempDir Path jars, @TempDir Path folder) throws Exception {
        String classPath = jars(jars);
        ClassDataArchive first = ClassDataArchive.in(folder, classPath);
        exitJvm(first.jvmOptions(), new byte[4096]);
        first.finish(0);
        Path archive = files(folder).get(0);
        Files.write(archive, new byte[100]); // truncated

        List<String> options = ClassDataArchive.in(folder, classPath).jvmOptions();
        assertEquals(null, option(options, USE), options.toString());
        assertNotNull(option(options, WRITE));
        assertFalse(Files.exists(archive), "the damaged archive is gone");
    }

    @Test
    void aFailedRunKeepsNothingAndOtherJarsArchivesAreDeleted(@TempDir Path jars, @TempDir Path folder) throws Exception {
        Path stale = Files.write(folder.resolve("classes-0000000000000000-00000000.jsa"), new byte[10]);
        Path unrelated = Files.writeString(folder.resolve("notes.txt"), "kept");
        ClassDataArchive failing = ClassDataArchive.in(folder, jars(jars));
        exitJvm(failing.jvmOptions(), new byte[64]);
        failing.finish(1);
        assertEquals(List.of(unrelated), files(folder), "no archive from a failed run, no temporary file, no stale archive");
        assertTrue(Files.exists(unrelated));
        assertFalse(Files.exists(stale));
    }

    /** The JVM refuses to start when asked to archive classes from a folder (an IDE's class path): no archive then. */
    @Test
    void aClassPathWithAFolderGetsNoArchive(@TempDir Path jars, @TempDir Path folder) throws Exception {
        assertEquals(null, ClassDataArchive.in(folder, jars(jars) + java.io.File.pathSeparator + jars));
    }

    /** A new jar (another size or time) gets its own archive. */
    @Test
    void theArchiveIsNamedByTheClassPath(@TempDir Path folder) throws Exception {
        Path jar = Files.write(folder.resolve("app.jar"), new byte[10]);
        Path cache = Files.createDirectory(folder.resolve("cache"));
        ClassDataArchive before = ClassDataArchive.in(cache, jar.toString());
        exitJvm(before.jvmOptions(), new byte[64]);
        before.finish(0);
        Files.write(jar, new byte[11]);
        List<String> after = ClassDataArchive.in(cache, jar.toString()).jvmOptions();
        assertNotNull(option(after, WRITE), "the old jar's archive is not used: " + after);
    }
}
