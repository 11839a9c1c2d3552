package io.fluxion.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What identifies one version of a file for the store: its modification time (to the
 * nanosecond where the file system keeps it), its size and its file key (the inode, which
 * changes when a file is replaced by a rename). Two reads of an unchanged file give equal stamps.
 */
record FileStamp(long modifiedNanos, long size, Object fileKey) {

    /** The stamp of a file that does not exist. */
    static final FileStamp MISSING = new FileStamp(Long.MIN_VALUE, -1, "missing");
    /** The stamp of a class-path resource, which never changes. */
    static final FileStamp RESOURCE = new FileStamp(0, 0, "resource");

    /**
     * @return the file's stamp now, {@link #MISSING} when it does not exist
     * @throws IOException when its attributes cannot be read
     */
    static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), "none"));
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }

    /** @return the stamp of the key's file, or {@link #RESOURCE} for a bundled model */
    static FileStamp of(ModelKey key) throws IOException {
        return key.file() == null ? RESOURCE : of(key.file());
    }
}
