package io.fluxion.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void sameSeedSamePoints() throws IOException {
        for (PointSource source : List.of(Datasets.checkerboard(), Datasets.eightGaussians(), Datasets.moons(),
                Datasets.spirals(), Datasets.rings(), Datasets.text("Hi"))) {
            assertArrayEquals(source.sample(100, 42), source.sample(100, 42), source.name());
            assertTrue(!java.util.Arrays.equals(source.sample(100, 42), source.sample(100, 43)), source.name());
        }
    }

    @Test
    void inCheckerboardTellsFilledFromEmptySquares() {
        assertTrue(Datasets.inCheckerboard(0.5, 0.5));
        assertTrue(!Datasets.inCheckerboard(2.5, 0.5));
        assertTrue(Datasets.inCheckerboard(-3.5, -3.5));
        assertTrue(!Datasets.inCheckerboard(4.5, 0.5), "off the board");
        assertTrue(!Datasets.inCheckerboard(Double.NaN, 0));
    }

    @Test
    void checkerboardPointsLieInFilledSquares() {
        // x1 + x2 (before scaling by 2) have floors of equal parity: ⌊x/2⌋ + ⌊y/2⌋ is even
        float[] points = Datasets.checkerboard().sample(20000, 1);
        int[] squareCounts = new int[16];
        for (int i = 0; i < 20000; i++) {
            float x = points[2 * i];
            float y = points[2 * i + 1];
            assertTrue(Datasets.inCheckerboard(x, y), "point (" + x + ", " + y + ") outside the filled squares");
            int cx = (int) Math.floor(x / 2);
            int cy = (int) Math.floor(y / 2);
            squareCounts[(cx + 2) * 4 + (cy + 2)]++;
        }
        int filled = 0;
        for (int count : squareCounts) {
            if (count > 0) {
                filled++;
                assertEquals(2500, count, 200, "squares filled evenly");
            }
        }
        assertEquals(8, filled);
    }

    @Test
    void toySetsHaveTheirShapes() {
        float[] rings = Datasets.rings().sample(5000, 2);
        for (int i = 0; i < 5000; i++) {
            double r = Math.hypot(rings[2 * i], rings[2 * i + 1]);
            double nearest = Math.round(r * 2) / 2.0;
            assertTrue(Math.abs(r - nearest) < 0.25 && nearest >= 0.5 && nearest <= 2, "radius " + r);
        }
        float[] spirals = Datasets.spirals().sample(5000, 3);
        for (int i = 0; i < 5000; i++) {
            assertTrue(Math.hypot(spirals[2 * i], spirals[2 * i + 1]) < 3.0);
        }
        float[] moons = Datasets.moons().sample(5000, 4);
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < 5000; i++) {
            meanX += moons[2 * i] / 5000;
            meanY += moons[2 * i + 1] / 5000;
        }
        assertEquals(0, meanX, 0.05);
        assertEquals(0, meanY, 0.1);
        GaussianMixture eight = Datasets.eightGaussians();
        assertEquals(8, eight.components());
        assertEquals(2, eight.mean(0, 0), 1e-12);
    }

    @Test
    void imagePointsComeFromBrightPixelsWithTheirColour(@TempDir Path folder) throws IOException {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 40, 20);
        g.setColor(new Color(255, 64, 0));
        g.fillRect(30, 0, 10, 10); // top-right quarter of the right half
        g.dispose();
        Path file = folder.resolve("figure.png");
        ImageIO.write(image, "png", file.toFile());
        PointSource source = Datasets.image(file);
        assertTrue(source.hasColours());
        float[] points = new float[2 * 2000];
        float[] colours = new float[3 * 2000];
        source.sample(points, colours, 2000, new SplittableRandom(1));
        for (int i = 0; i < 2000; i++) {
            // 40 px span [-2, 2]: x in [1, 2], y in [0, 1]
            assertTrue(points[2 * i] >= 1 && points[2 * i] <= 2, "x " + points[2 * i]);
            assertTrue(points[2 * i + 1] >= 0 && points[2 * i + 1] <= 1, "y " + points[2 * i + 1]);
            assertEquals(1f, colours[3 * i], 1e-6);
            assertEquals(64 / 255f, colours[3 * i + 1], 1e-6);
        }
    }

    @Test
    void darkFigureOnLightBackgroundDrawsTheFigure(@TempDir Path folder) throws IOException {
        BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLACK);
        g.fillRect(0, 10, 10, 10); // bottom-left quarter
        g.dispose();
        Path file = folder.resolve("ink.png");
        ImageIO.write(image, "png", file.toFile());
        float[] points = Datasets.image(file).sample(1000, 5);
        for (int i = 0; i < 1000; i++) {
            assertTrue(points[2 * i] <= 0 && points[2 * i + 1] <= 0, "in the dark quarter");
        }
    }

    @Test
    void textFormsTheWords() {
        PointSource text = Datasets.text("FLUXION");
        float[] points = text.sample(5000, 6);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int i = 0; i < 5000; i++) {
            minX = Math.min(minX, points[2 * i]);
            maxX = Math.max(maxX, points[2 * i]);
            assertTrue(Math.abs(points[2 * i + 1]) < 1, "a line of text is wider than tall");
        }
        assertTrue(maxX - minX > 3, "the word spans the width");
        assertTrue(text.hasColours());
        assertThrows(IllegalArgumentException.class, () -> Datasets.text(" "));
        // characters the font lacks are left out (with a warning), not drawn as empty boxes
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Datasets.text("漢字"));
        assertTrue(none.getMessage().contains("漢 (U+6F22) 字 (U+5B57)"), none.getMessage());
        float[] mixed = Datasets.text("A漢").sample(2000, 7);
        float[] plain = Datasets.text("A").sample(2000, 7);
        assertArrayEquals(plain, mixed, "the same points as the text without the missing glyph");
    }

    @Test
    void csvFilesAreReadAndValidated(@TempDir Path folder) throws IOException {
        Path good = write(folder, "good.csv", "x,y\n# comment\n1.5,2\n\n-3, 4e-1\n");
        PointCloud cloud = Datasets.file(good);
        assertEquals(2, cloud.size());
        assertEquals(2, cloud.dimension());
        assertArrayEquals(new float[] {1.5f, 2f, -3f, 0.4f}, cloud.points());

        assertFileProblem(write(folder, "empty.csv", ""), "empty.csv: file is empty");
        assertFileProblem(write(folder, "header.csv", "x,y\n"), "header.csv: no data rows");
        assertFileProblem(write(folder, "ragged.csv", "1,2\n3,4,5\n"), "ragged.csv:2: expected 2 columns, found 3");
        assertFileProblem(write(folder, "text.csv", "1,2\n3,abc\n"), "text.csv:2: column 2 is not a number: 'abc'");
        assertFileProblem(write(folder, "nan.csv", "1,2\nNaN,4\n"), "nan.csv:2: column 1 is not finite");
        assertFileProblem(write(folder, "inf.csv", "1,Infinity\n"), "inf.csv:1: column 2 is not finite");
        assertThrows(NoSuchFileException.class, () -> Datasets.file(folder.resolve("missing.csv")));
    }

    @Test
    void npyFilesAreReadAndValidated(@TempDir Path folder) throws IOException {
        PointCloud cloud = Datasets.file(copyFixture(folder, "points_f8.npy"));
        assertEquals(3, cloud.size());
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 4f, 0f, 1e-3f}, cloud.points());
        assertEquals(1, Datasets.file(copyFixture(folder, "values_1d.npy")).dimension());
        assertFileProblem(copyFixture(folder, "with_nan.npy"), "with_nan.npy: value NaN at row 0, column 1 is not finite");
        assertFileProblem(copyFixture(folder, "empty_rows.npy"), "holds no points");
        assertFileProblem(copyFixture(folder, "rank3.npy"), "expected an array of shape (n, d) or (n,)");
        assertFileProblem(copyFixture(folder, "big_endian.npy"), "big-endian");
        assertFileProblem(copyFixture(folder, "fortran.npy"), "Fortran");
        Path truncated = folder.resolve("cut.npy");
        byte[] bytes = Files.readAllBytes(copyFixture(folder, "points_f4.npy"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertFileProblem(truncated, "cut.npy: file is truncated");
        assertFileProblem(write(folder, "zero.npy", ""), "zero.npy: file is empty");
    }

    @Test
    void byNameKnowsTheSetsAndRejectsOthers() throws IOException {
        assertEquals("checkerboard", Datasets.byName("checkerboard").name());
        assertEquals("eight-gaussians", Datasets.byName("8gaussians").name());
        assertEquals("text:Hello", Datasets.byName("text:Hello").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("nebula"));
        assertTrue(e.getMessage().contains("nebula"));
        assertThrows(DataFormatException.class, () -> Datasets.byName(write(Files.createTempDirectory("f"), "notimage.png",
                "not a png").toString()));
    }

    private static Path write(Path folder, String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static Path copyFixture(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, io.fluxion.core.TestResources.npyFixture(name));
        return file;
    }

    private static void assertFileProblem(Path file, String expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.file(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    @Test
    void pointsAbsurdlyFarFromTheRestAreLeftOut(@TempDir Path folder) throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append('\n');
            if (i == 500) {
                csv.append("1e30,0\n"); // line 503
            }
        }
        PointSource points = Datasets.file(write(folder, "stray.csv", csv.toString()));
        float[] all = points.sample(20_000, 1); // row 501 of 2 001 would be drawn with probability 1 - 5e-5
        for (float value : all) {
            assertTrue(Math.abs(value) < 100, "the stray point was left out: " + value);
        }
        // a wide but genuine spread keeps every point
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            wide.append(i * i).append(',').append(-i).append('\n');
        }
        PointSource kept = Datasets.file(write(folder, "wide.csv", wide.toString()));
        assertEquals(9801f, maxOf(kept.sample(20_000, 2)), 1e-3f, "the farthest genuine point is still drawn");
    }

    /** A label is validated, never left out as a far point: the far-point check measures the point's columns only. */
    @Test
    void aLabelFarFromTheOthersIsRefusedNotLeftOut(@TempDir Path folder) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            csv.append(i % 7).append(',').append(i % 5).append(',').append(i == 5 ? "2000000000" : Integer.toString(i % 2))
                    .append('\n');
        }
        Path file = write(folder, "labels.csv", csv.toString());
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.labelledFile(file));
        assertTrue(e.getMessage().contains("row 6: the label (last column) must be a whole number"), e.getMessage());
        // a point far from the rest in a labelled file is still left out, its label with it
        csv.append("1e30,0,1\n");
        LabelledSource kept = Datasets.labelledFile(write(folder, "far.csv", csv.toString().replace("2000000000", "1")));
        for (float value : kept.ofLabel(1).sample(5_000, 3)) {
            assertTrue(Math.abs(value) < 100, "the far point was left out: " + value);
        }
    }

    /** Sizes a file controls are checked before they are held: a line, a picture's pixels, a device. */
    @Test
    void oversizedLinesPicturesAndDevicesAreRefusedBeforeReading(@TempDir Path folder) throws IOException {
        Path longLine = write(folder, "long.csv", "1.0,".repeat(PointFiles.MAX_LINE_CHARS / 4) + "1.0\n");
        assertFileProblem(longLine, "long.csv:1: a line longer than the limit of 65,536 characters");

        // a PNG whose header declares 10 000 x 10 000 pixels (the pixel data need not even be there)
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(10_000).putInt(10_000)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(png, "IHDR", header.array());
        writeChunk(png, "IEND", new byte[0]);
        Path bomb = Files.write(folder.resolve("bomb.png"), png.toByteArray());
        DataFormatException picture = assertThrows(DataFormatException.class, () -> Datasets.image(bomb));
        assertTrue(picture.getMessage().endsWith("bomb.png: 10000 x 10000 pixels, more than the limit of 50,000,000 pixels"),
                picture.getMessage());

        Path device = Path.of("/dev/null");
        if (Files.exists(device)) {
            DataFormatException notAFile = assertThrows(DataFormatException.class, () -> Datasets.file(device));
            assertTrue(notAFile.getMessage().contains("is not a regular file"), notAFile.getMessage());
            assertThrows(DataFormatException.class, () -> Datasets.image(device));
        }
    }

    private static void writeChunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static float maxOf(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
