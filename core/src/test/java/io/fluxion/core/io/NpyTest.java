package io.fluxion.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    private static byte[] fixture(String name) throws IOException {
        return io.fluxion.core.TestResources.npyFixture(name);
    }

    private static final float[] POINTS = {1.5f, -2f, 3.25f, 4f, 0f, 1e-3f};

    @Test
    void readsWhatNumpyWrote() throws IOException {
        for (String name : new String[] {"points_f4.npy", "points_f8.npy", "points_v2.npy"}) {
            NpyArray array = Npy.read(fixture(name), name);
            assertArrayEquals(new int[] {3, 2}, array.shape(), name);
            assertArrayEquals(POINTS, array.data(), 0f, name);
        }
        assertTrue(Npy.read(fixture("points_f8.npy"), "f8").wasDouble());
        NpyArray vector = Npy.read(fixture("values_1d.npy"), "values_1d.npy");
        assertArrayEquals(new int[] {3}, vector.shape());
        assertEquals("(3,)", vector.shapeText());
    }

    @Test
    void writtenBytesEqualNumpysOwn() throws IOException {
        // np.save of the same float32 array gives byte-identical output
        assertArrayEquals(fixture("points_f4.npy"), Npy.toBytes(NpyArray.of(POINTS, 3, 2)));
        assertArrayEquals(fixture("values_1d.npy"), Npy.toBytes(NpyArray.of(new float[] {1, 2, 3}, 3)));
    }

    @Test
    void refusesWhatItCannotReadFaithfully() throws IOException {
        assertProblem("big_endian.npy", "big-endian");
        assertProblem("fortran.npy", "Fortran");
        assertProblem("int32.npy", "unsupported dtype '<i4'");
    }

    private static void assertProblem(String name, String expected) throws IOException {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture(name), name));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void everyTruncationIsAnErrorNamingTheSource() throws IOException {
        byte[] whole = fixture("points_f4.npy");
        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(whole, length);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(prefix, "cut.npy"),
                    "length " + length);
            assertTrue(e.getMessage().startsWith("cut.npy: "), e.getMessage());
            assertTrue(e.getMessage().contains(length == 0 ? "empty" : "truncated")
                    || e.getMessage().contains("header"), length + ": " + e.getMessage());
        }
    }

    @Test
    void flippedHeaderBytesNeverLoadWrongNumbers() throws IOException {
        byte[] whole = fixture("points_f4.npy");
        int dataStart = whole.length - 4 * POINTS.length;
        for (int position = 0; position < dataStart; position++) {
            for (int flip : new int[] {0x01, 0x20, 0x80}) {
                byte[] damaged = whole.clone();
                damaged[position] ^= (byte) flip;
                try {
                    NpyArray array = Npy.read(damaged, "flipped.npy");
                    // a flip that still parses (e.g. inside padding) must give the same array
                    assertArrayEquals(new int[] {3, 2}, array.shape(), "flip at " + position);
                    assertArrayEquals(POINTS, array.data(), 0f, "flip at " + position);
                } catch (NpyFormatException e) {
                    assertTrue(e.getMessage().startsWith("flipped.npy: "), e.getMessage());
                }
            }
        }
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] whole = fixture("points_f4.npy");
        byte[] longer = java.util.Arrays.copyOf(whole, whole.length + 3);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(longer, "long.npy"));
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporary(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("a.npy");
        Npy.write(NpyArray.of(new float[] {1, 2}, 2), file);
        Npy.write(NpyArray.of(POINTS, 3, 2), file);
        assertArrayEquals(POINTS, Npy.read(file).data(), 0f);
        try (var listing = Files.list(folder)) {
            assertEquals(1, listing.count(), "no temporary file left");
        }
    }

    @Test
    void failedWriteKeepsTheOldFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("keep.npy");
        Npy.write(NpyArray.of(POINTS, 3, 2), file);
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[100]);
            throw new IOException("simulated crash mid-write");
        }));
        assertArrayEquals(POINTS, Npy.read(file).data(), 0f);
        try (var listing = Files.list(folder)) {
            assertEquals(1, listing.count(), "temporary file removed");
        }
    }
}
