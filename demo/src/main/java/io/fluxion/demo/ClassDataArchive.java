package io.fluxion.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A class-data-sharing archive (JDK dynamic CDS) of the classes {@code show} and {@code record}
 * load, kept in the user's cache folder ({@code $XDG_CACHE_HOME/fluxion} or
 * {@code ~/.cache/fluxion}) so that the relaunched JVM maps them instead of loading and verifying
 * them again: a quarter of a second off the first frame on two cores. The first run of such a
 * command writes the archive as its JVM exits (about 0.8 s, once); later runs use it.
 *
 * <p>An archive is named by a digest of the JVM and of the class path (each entry's path, size
 * and modification time), so a new jar or JDK makes a new one and the old ones are deleted. The
 * JVM of JDK 17 crashes on a damaged archive, so the archive's CRC-32 goes into its name once it
 * is complete, and an archive whose bytes no longer match is deleted instead of used. Nothing
 * here ever fails a command: without a cache folder, with a class path of folders, or with
 * {@code -Dfluxion.classDataArchive=false}, the command runs without an archive. Used by the
 * launcher's thread and its shutdown hook.
 */
final class ClassDataArchive {

    private static final String SUFFIX = ".jsa";
    private static final String PENDING = ".tmp";
    /** A pending archive older than this was left by a JVM that died while writing it. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** No JVM option of ours prints the archive's own warnings (classes it cannot hold, a mismatch). */
    private static final String QUIET = "-Xlog:cds*=off";

    private final Path folder;
    private final String name;
    private Path pending;

    private ClassDataArchive(Path folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /** The archive for this class path, or null when it is turned off or there is no cache folder to keep it in. */
    static ClassDataArchive create(String classPath) {
        if (!Boolean.parseBoolean(System.getProperty("fluxion.classDataArchive", "true"))) {
            return null;
        }
        Path folder = cacheFolder();
        return folder == null ? null : in(folder, classPath);
    }

    /**
     * The archive for this class path kept in {@code folder}, or null when the class path cannot be
     * read or holds a folder (the JVM refuses to start when asked to archive one: an IDE's or a
     * test's class path).
     */
    static ClassDataArchive in(Path folder, String classPath) {
        try {
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                if (!Files.isRegularFile(Path.of(entry))) {
                    return null;
                }
            }
            return new ClassDataArchive(folder, "classes-" + key(classPath));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JVM options that use the archive when a sound one exists, or that write a new one when
     * the JVM exits; empty when neither can be done.
     */
    synchronized List<String> jvmOptions() {
        try {
            Files.createDirectories(folder);
            Path sound = soundArchive();
            if (sound != null) {
                return List.of("-XX:SharedArchiveFile=" + sound, QUIET);
            }
            deleteOthers();
            pending = Files.createTempFile(folder, name + "-", SUFFIX + PENDING);
            Files.delete(pending); // the JVM writes the file itself, and refuses one that exists
            return List.of("-XX:ArchiveClassesAtExit=" + pending, QUIET);
        } catch (IOException | RuntimeException e) {
            pending = null;
            return List.of();
        }
    }

    /**
     * After the JVM has exited: keeps the archive it wrote if it ended well, named by its CRC-32,
     * and deletes it otherwise.
     */
    synchronized void finish(int exitCode) {
        if (pending == null) {
            return;
        }
        try {
            if (exitCode == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Path archive = folder.resolve(name + "-" + crc(pending) + SUFFIX);
                try {
                    Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no archive this time; the next run writes one
        } finally {
            try {
                Files.deleteIfExists(pending);
            } catch (IOException e) {
                // left for the next run's clean-up
            }
            pending = null;
        }
    }

    /** The complete archive for this key whose bytes match the CRC in its name, or null; damaged ones are deleted. */
    private Path soundArchive() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (!fileName.startsWith(name + "-") || !fileName.endsWith(SUFFIX)) {
                    continue;
                }
                String crc = fileName.substring(name.length() + 1, fileName.length() - SUFFIX.length());
                if (crc.equals(crc(file))) {
                    return file;
                }
                Files.deleteIfExists(file);
            }
        }
        return null;
    }

    /** Deletes the archives of other jars and JVMs, and pending ones abandoned long ago. */
    private void deleteOthers() throws IOException {
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                boolean archive = fileName.startsWith("classes-") && fileName.endsWith(SUFFIX);
                boolean oldPending = fileName.startsWith("classes-") && fileName.endsWith(SUFFIX + PENDING)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(abandoned);
                if ((archive && !fileName.startsWith(name + "-")) || oldPending) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static String crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /** A digest of the JVM and of every class path entry's path, size and modification time. */
    private static String key(String classPath) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        StringBuilder text = new StringBuilder()
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            text.append(entry);
            if (Files.exists(path)) {
                FileTime modified = Files.getLastModifiedTime(path);
                text.append(' ').append(Files.size(path)).append(' ').append(modified.toMillis());
            }
            text.append('\n');
        }
        byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    private static Path cacheFolder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache, "fluxion");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "fluxion");
    }
}
