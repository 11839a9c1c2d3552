package io.fluxion.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The container of a model file: a zip of named entries with a CRC-32 of the whole file in the
 * zip comment ({@value #CHECKSUM_PREFIX} and 8 hex digits of every byte before the digits).
 * Reading checks everything before returning an entry: the end record and the central directory
 * against the entries read (a file truncated at any length fails), the whole-file CRC when the
 * comment holds one (zips written by other tools have none and are checked entry by entry), each
 * entry's CRC, and sizes: the entries together may unpack to a third of the heap (at most 1 GiB),
 * no entry to more than the central directory declares, and named entries to their own limits,
 * all checked before the bytes are allocated. Stateless.
 */
final class ModelArchive {

    /** The largest model file read. */
    static final long MAX_FILE_BYTES = 1L << 30;
    static final String CHECKSUM_PREFIX = "fluxion-crc32:";
    private static final int CHECKSUM_LENGTH = CHECKSUM_PREFIX.length() + 8;

    private ModelArchive() {
    }

    /** The bytes of a zip of {@code entries}, in their order, with the whole-file CRC in its comment. */
    static byte[] write(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            zip.setComment(CHECKSUM_PREFIX + "00000000");
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        byte[] bytes = buffer.toByteArray();
        String checksum = String.format(Locale.ROOT, "%08x", wholeFileCrc(bytes, bytes.length - 8));
        byte[] digits = checksum.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, bytes, bytes.length - digits.length, digits.length);
        return bytes;
    }

    /**
     * The bytes of a model file, refused before reading when larger than {@link #MAX_FILE_BYTES}.
     *
     * @throws NoSuchFileException when it does not exist
     */
    static byte[] readFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file.toString(), "is a folder, not a model file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file.toString(), "is not a regular file (a device or a pipe), not a model file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(file.toString(), String.format(java.util.Locale.ROOT,
                    "file of %,d bytes, more than the limit of %,d for a model", size, MAX_FILE_BYTES));
        }
        return Files.readAllBytes(file);
    }

    /**
     * Every entry of the zip, in file order, checked as the class comment says.
     *
     * @param source the name used in error messages
     * @param limits the largest size allowed for particular entries, by name
     */
    static Map<String, byte[]> read(byte[] bytes, String source, Map<String, Long> limits) throws ModelFormatException {
        if (bytes.length == 0) {
            throw new ModelFormatException(source, "file is empty");
        }
        CentralDirectory directory = CentralDirectory.read(bytes, source);
        long total = maxUnpackedBytes();
        if (directory.totalSize > total) {
            throw new ModelFormatException(source, "its entries unpack to " + directory.totalSize
                    + " bytes, more than the limit of " + total + " (a third of the JVM's heap, at most 1 GiB)");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Long declared = directory.sizeByName.get(entry.getName());
                if (declared == null) {
                    throw new ModelFormatException(source, "entry " + entry.getName()
                            + " is not in the zip's central directory (corrupt file)");
                }
                Long limit = limits.get(entry.getName());
                if (limit != null && declared > limit) {
                    throw new ModelFormatException(source, entry.getName() + " declares " + declared
                            + " bytes, more than the limit of " + limit);
                }
                // one byte more than declared reveals an entry that unpacks to more than it claims
                byte[] content = zip.readNBytes((int) (declared + 1));
                if (content.length > declared) {
                    throw new ModelFormatException(source, "entry " + entry.getName() + " unpacks to more than the "
                            + declared + " bytes it declares (corrupt file or zip bomb)");
                }
                zip.closeEntry();
                if (entries.put(entry.getName(), content) != null) {
                    throw new ModelFormatException(source, "duplicate entry " + entry.getName());
                }
                CRC32 crc = new CRC32();
                crc.update(content);
                Long expected = directory.crcByName.get(entry.getName());
                if (expected == null || expected != crc.getValue()) {
                    throw new ModelFormatException(source, "entry " + entry.getName()
                            + " does not match the zip's central directory (corrupt file)");
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipInputStream's answer to an entry name that is not valid UTF-8
            throw new ModelFormatException(source, "corrupt zip: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new ModelFormatException(source, "file is truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException(source, "cannot read the zip: " + e.getMessage(), e);
        }
        if (entries.size() != directory.crcByName.size()) {
            throw new ModelFormatException(source, "the zip's central directory lists " + directory.crcByName.size()
                    + " entries, the file holds " + entries.size() + " (corrupt or truncated file)");
        }
        return entries;
    }

    /** Bytes a model file's entries may unpack to: a third of the heap, at most {@link #MAX_FILE_BYTES}. */
    private static long maxUnpackedBytes() {
        return Math.min(MAX_FILE_BYTES, Runtime.getRuntime().maxMemory() / 3);
    }

    private static long wholeFileCrc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /** The zip's end-of-central-directory record and the names and CRCs it lists. */
    private static final class CentralDirectory {
        final Map<String, Long> crcByName = new LinkedHashMap<>();
        final Map<String, Long> sizeByName = new LinkedHashMap<>();
        long totalSize;

        static CentralDirectory read(byte[] bytes, String source) throws ModelFormatException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int end = -1;
            for (int at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
                if (buffer.getInt(at) == 0x06054b50 && at + 22 + (buffer.getShort(at + 20) & 0xffff) == bytes.length) {
                    end = at;
                    break;
                }
            }
            if (end < 0) {
                throw new ModelFormatException(source, bytes.length < 4 || buffer.getInt(0) != 0x04034b50
                        ? "not a model file (not a zip)" : "file is truncated (no zip end record)");
            }
            int archiveCommentLength = buffer.getShort(end + 20) & 0xffff;
            String comment = new String(bytes, end + 22, archiveCommentLength, StandardCharsets.ISO_8859_1);
            if (!comment.isEmpty()) {
                String expected = String.format(Locale.ROOT, "%08x", wholeFileCrc(bytes, end + 22
                        + CHECKSUM_PREFIX.length()));
                if (archiveCommentLength != CHECKSUM_LENGTH || !comment.equals(CHECKSUM_PREFIX + expected)) {
                    throw new ModelFormatException(source, "checksum mismatch (the file is corrupt)");
                }
            }
            int count = buffer.getShort(end + 10) & 0xffff;
            long directorySize = buffer.getInt(end + 12) & 0xffffffffL;
            long offset = buffer.getInt(end + 16) & 0xffffffffL;
            if (offset + directorySize != end) {
                throw new ModelFormatException(source, "corrupt zip end record");
            }
            CentralDirectory directory = new CentralDirectory();
            int at = (int) offset;
            for (int i = 0; i < count; i++) {
                if (at + 46 > end || buffer.getInt(at) != 0x02014b50) {
                    throw new ModelFormatException(source, "corrupt zip central directory");
                }
                long crc = buffer.getInt(at + 16) & 0xffffffffL;
                long uncompressed = buffer.getInt(at + 24) & 0xffffffffL;
                int nameLength = buffer.getShort(at + 28) & 0xffff;
                int extraLength = buffer.getShort(at + 30) & 0xffff;
                int commentLength = buffer.getShort(at + 32) & 0xffff;
                if (at + 46 + nameLength > end) {
                    throw new ModelFormatException(source, "corrupt zip central directory");
                }
                String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
                if (directory.crcByName.put(name, crc) != null) {
                    throw new ModelFormatException(source, "duplicate entry " + name);
                }
                directory.sizeByName.put(name, uncompressed);
                directory.totalSize += uncompressed;
                at += 46 + nameLength + extraLength + commentLength;
            }
            if (at != end) {
                throw new ModelFormatException(source, "corrupt zip central directory");
            }
            return directory;
        }
    }

}
