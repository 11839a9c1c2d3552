package io.fluxion.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Atomic file writes: the content goes to a temporary file in the target's folder, is
 * forced to disk, and is then moved over the target in one step. Whatever happens mid-write, the
 * old file stays untouched. An exception removes the temporary file, and so does a shutdown of
 * the JVM (Ctrl-C, SIGTERM: a shutdown hook deletes the temporary files still being written); only
 * a hard kill can leave one behind.
 */
public final class AtomicFiles {

    /** Writes the content of a file onto a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Temporary files are created owner-only; give the result the permissions of the file it
     * replaces, or rw-r--r-- for a new one (on POSIX file systems).
     */
    private static void setPermissions(Path temporary, Path target) throws IOException {
        if (!Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }

    /**
     * Checks, before any work is done, what {@link #write} needs of its target: the folder it goes
     * in exists and can be written, and the target is not a folder.
     *
     * @throws IOException "cannot write TARGET: REASON"
     */
    public static void checkWritable(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + absolute + ": " + (Files.exists(folder)
                    ? folder + " is not a folder" : "folder " + folder + " does not exist"));
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + absolute + ": it is a folder");
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new IOException("cannot write " + absolute + ": the folder " + folder
                    + " is not writable (no permission, or a read-only file system)");
        }
    }

    /**
     * Replaces {@code target} with what {@code content} writes, atomically. The folder it goes in
     * must exist: nothing is created but the file itself.
     *
     * @throws IOException "cannot write TARGET: REASON" when the folder is missing or not a folder,
     *                     the target is a folder, or the folder cannot be written (never naming the
     *                     temporary file); or whatever {@code content} throws
     */
    public static void write(Path target, Content content) throws IOException {
        checkWritable(target);
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary;
        CREATING.incrementAndGet();
        try {
            temporary = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".tmp");
            PENDING.add(temporary);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + absolute + ": no permission to write in " + folder, e);
        } catch (FileSystemException e) {
            throw new IOException("cannot write " + absolute + ": " + (e.getReason() != null ? e.getReason() : e), e);
        } finally {
            CREATING.decrementAndGet();
        }
        if (shuttingDown) {
            // the shutdown's clean-up may have run already: this write would leave its temporary file behind
            Files.deleteIfExists(temporary);
            PENDING.remove(temporary);
            throw new IOException("cannot write " + absolute + ": the JVM is shutting down");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            setPermissions(temporary, absolute);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
            PENDING.remove(temporary);
        }
    }

    /** Temporary files being written now; a shutdown (Ctrl-C, SIGTERM) deletes those left. */
    private static final Set<Path> PENDING = pendingFiles();
    /**
     * Set when the shutdown's clean-up starts, before it looks at {@link #PENDING}: a write that
     * registers its temporary file afterwards sees it and deletes the file itself.
     */
    private static volatile boolean shuttingDown;
    /** Writes between creating their temporary file and registering it; the clean-up waits for them. */
    private static final AtomicInteger CREATING = new AtomicInteger();

    private static Set<Path> pendingFiles() {
        Set<Path> pending = ConcurrentHashMap.newKeySet();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (CREATING.get() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            for (Path temporary : pending) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // the JVM is going away; nothing more to do
                }
            }
        }, "fluxion-temporary-files"));
        return pending;
    }
}
