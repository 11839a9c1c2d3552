package io.fluxion.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.render.gl.GlObjects;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders headless through EGL (Mesa's llvmpipe in CI) and asserts on read-back pixels. */
class ParticleRendererTest {

    private static final int SIZE = 256;
    private static GlContext context;
    private static int baseline;

    @BeforeAll
    static void open() {
        baseline = GlObjects.live();
        context = GlContext.headless(SIZE, SIZE);
        System.out.println("GL: " + context.description());
    }

    @AfterAll
    static void close() {
        context.close();
    }

    private static ParticleFrame checkerboard(int n) {
        PointSource source = Datasets.checkerboard();
        float[] points = new float[2 * n];
        source.sample(points, n, new SplittableRandom(3));
        float[] times = new float[n];
        java.util.Arrays.fill(times, 1f);
        return ParticleFrame.copyOf("checkerboard", points, new float[2 * n], times, n, 2);
    }

    /** Share of the image's light (sum of RGB) inside the checkerboard's filled squares. */
    private static double lightInFilledSquares(BufferedImage image, double halfHeight, double[] total) {
        double inside = 0;
        double all = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double light = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                double wx = ((x + 0.5) / image.getWidth() * 2 - 1) * halfHeight;
                double wy = (1 - (y + 0.5) / image.getHeight() * 2) * halfHeight;
                all += light;
                inside += Datasets.inCheckerboard(wx, wy) ? light : 0;
            }
        }
        total[0] = all;
        return inside / all;
    }

    @Test
    void checkerboardLightFallsInsideTheFilledSquaresWithPointsAndWithDensity() {
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            renderer.setCamera(new Camera2D(0, 0, 4.5));
            ParticleFrame frame = checkerboard(20_000);
            double[] total = new double[1];
            renderer.draw(frame);
            double points = lightInFilledSquares(Screenshots.read(context), 4.5, total);
            System.out.printf("checkerboard light in filled squares: points %.3f%n", points);
            assertTrue(total[0] > 0.1 * 255 * 3 * SIZE * SIZE / 2, "the board is lit");
            assertTrue(points >= 0.90, "points: " + points);
            assertTrue(!renderer.lastUsedDensity());

            renderer.settings().densityThreshold(1000);
            renderer.draw(frame);
            double density = lightInFilledSquares(Screenshots.read(context), 4.5, total);
            System.out.printf("checkerboard light in filled squares: density %.3f%n", density);
            assertTrue(renderer.lastUsedDensity());
            assertTrue(density >= 0.90, "density: " + density);
            assertTrue(total[0] > 0.1 * 255 * 3 * SIZE * SIZE / 2, "the board is lit (density)");
        }
    }

    @Test
    void severalFramesDrawAsOnePictureLikeTheirUnion() {
        int n = 60_000; // enough that the light per particle is not clamped at 1: it depends on the count
        float[] points = new float[2 * n];
        Datasets.checkerboard().sample(points, n, new SplittableRandom(3));
        float[] times = new float[n];
        java.util.Arrays.fill(times, 1f);
        // the left half of the points in one frame, the right half in another
        int half = n / 2;
        ParticleFrame left = ParticleFrame.copyOf("a", java.util.Arrays.copyOfRange(points, 0, 2 * half), null,
                java.util.Arrays.copyOf(times, half), half, 2);
        ParticleFrame right = ParticleFrame.copyOf("b", java.util.Arrays.copyOfRange(points, 2 * half, 2 * n), null,
                java.util.Arrays.copyOf(times, n - half), n - half, 2);
        ParticleFrame all = ParticleFrame.copyOf("all", points, null, times, n, 2);
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            renderer.setCamera(new Camera2D(0, 0, 4.5));
            for (int threshold : new int[] {1_000_000, 10_000}) {
                renderer.settings().densityThreshold(threshold);
                renderer.draw(all);
                BufferedImage union = Screenshots.read(context);
                renderer.draw(java.util.List.of(left, right));
                BufferedImage parts = Screenshots.read(context);
                assertEquals(threshold == 10_000, renderer.lastUsedDensity());
                long difference = 0;
                long light = 0;
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        int a = union.getRGB(x, y);
                        int b = parts.getRGB(x, y);
                        for (int shift = 0; shift <= 16; shift += 8) {
                            difference += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
                            light += (a >> shift) & 0xff;
                        }
                    }
                }
                System.out.printf("two frames vs their union (threshold %d): %d of %d%n", threshold, difference, light);
                assertTrue(light > 0 && difference <= light / 100, "the same picture: " + difference + " of " + light);
            }
        }
    }

    @Test
    void orphaningDrawsTheSamePictureAsThePersistentRing() {
        ParticleFrame frame = checkerboard(30_000);
        BufferedImage persistent;
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            assertTrue(renderer.persistentMapping(), "llvmpipe has GL 4.5 buffer storage");
            for (int k = 0; k < 4; k++) {
                renderer.draw(frame); // every ring segment in turn
            }
            persistent = Screenshots.read(context);
        }
        System.setProperty(ParticleRenderer.NO_PERSISTENT_MAPPING, "true");
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            assertTrue(!renderer.persistentMapping());
            renderer.draw(checkerboard(100));
            renderer.draw(frame);
            BufferedImage orphaned = Screenshots.read(context);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    assertEquals(persistent.getRGB(x, y), orphaned.getRGB(x, y), "pixel " + x + ", " + y);
                }
            }
        } finally {
            System.clearProperty(ParticleRenderer.NO_PERSISTENT_MAPPING);
        }
    }

    @Test
    void trailsKeepFadingLightAndPlainFramesStartFromBlack() {
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            ParticleFrame full = checkerboard(20_000);
            ParticleFrame empty = ParticleFrame.copyOf("empty", new float[0], null, null, 0, 2);
            renderer.draw(full);
            renderer.draw(empty);
            assertEquals(0, brightness(Screenshots.read(context)), 1e-9, "no trails: black");
            renderer.settings().trails(true).trailFade(0.8f);
            for (int k = 0; k < 10; k++) {
                renderer.draw(full);
            }
            double lit = brightness(Screenshots.read(context));
            renderer.draw(empty);
            double faded = brightness(Screenshots.read(context));
            assertTrue(faded > 0.3 * lit && faded < 0.95 * lit, "trails fade: " + lit + " -> " + faded);
        }
    }

    @Test
    void dataColoursComeFromTheColourMap() throws Exception {
        BufferedImage red = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = red.createGraphics();
        g.setColor(new java.awt.Color(255, 40, 20));
        g.fillOval(2, 2, 12, 12);
        g.dispose();
        PointSource picture = Datasets.image("red", red);
        int n = 5000;
        float[] points = new float[2 * n];
        picture.sample(points, n, new SplittableRandom(1));
        float[] times = new float[n];
        java.util.Arrays.fill(times, 1f);
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            renderer.setCamera(new Camera2D(0, 0, 2.5));
            renderer.setColourMap(ColourMap.fromSource(picture, 2.5, 64, 50_000, 0));
            renderer.settings().colourMode(ColourMode.DATA);
            renderer.draw(ParticleFrame.copyOf("red", points, new float[2 * n], times, n, 2));
            long[] sums = channelSums(Screenshots.read(context));
            assertTrue(sums[0] > 3 * sums[2] && sums[0] > 1.5 * sums[1], "red dominates: " + java.util.Arrays.toString(sums));
            renderer.settings().densityThreshold(0);
            renderer.draw(ParticleFrame.copyOf("red", points, new float[2 * n], times, n, 2));
            long[] density = channelSums(Screenshots.read(context));
            assertTrue(density[0] > 3 * density[2] && density[0] > 1.5 * density[1],
                    "red dominates in the density path: " + java.util.Arrays.toString(density));
            renderer.settings().densityThreshold(new RenderSettings().densityThreshold());
            renderer.settings().colourMode(ColourMode.TIME).palette(Palette.ICE);
            renderer.draw(ParticleFrame.copyOf("red", points, new float[2 * n], times, n, 2));
            long[] ice = channelSums(Screenshots.read(context));
            assertTrue(ice[2] >= ice[0], "ice palette at t = 1 is white-blue: " + java.util.Arrays.toString(ice));
        }
    }

    @Test
    void threeDimensionalFramesThroughTheOrbitCameraLightTheCentre() {
        int n = 20_000;
        float[] points = new float[3 * n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 3 * n; i++) {
            points[i] = (float) (random.nextGaussian() * 0.3);
        }
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            renderer.setCamera(new OrbitCamera(4));
            renderer.draw(ParticleFrame.copyOf("ball", points, null, null, n, 3));
            BufferedImage image = Screenshots.read(context);
            assertTrue((image.getRGB(SIZE / 2, SIZE / 2) & 0xffffff) != 0, "centre lit");
            assertEquals(0, image.getRGB(2, 2) & 0xffffff, "corner dark");
            ParticleFrame tooMany = ParticleFrame.copyOf("4d", new float[4], null, null, 1, 4);
            assertThrows(IllegalArgumentException.class, () -> renderer.draw(tooMany));
        }
    }

    @Test
    void everyGlObjectIsFreedOnCloseAndGlCallsStayOnTheRenderThread() throws Exception {
        ParticleRenderer renderer = new ParticleRenderer(context);
        Hud hud = new Hud(context);
        renderer.draw(checkerboard(1000));
        renderer.settings().densityThreshold(10);
        renderer.draw(checkerboard(1000));
        renderer.setColourMap(ColourMap.fromSource(Datasets.image("dot", dot()), 2, 8, 1000, 0));
        hud.update(60, 1000, 8, "checkerboard", "heun");
        hud.draw();
        ParticleFrame big = checkerboard(200_000);
        renderer.settings().densityThreshold(1_000_000);
        renderer.draw(big); // grows the vertex ring past its first size
        assertTrue(GlObjects.live() > baseline);
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                renderer.draw(big);
                return null;
            } catch (IllegalStateException expected) {
                return expected;
            }
        });
        assertTrue(other.get() != null && other.get().getMessage().contains("render thread"));
        hud.close();
        renderer.close();
        renderer.close();
        assertEquals(baseline, GlObjects.live(), "every buffer, texture, program and fence deleted");
        assertEquals(0, org.lwjgl.opengl.GL11.glGetError(), "no GL error");
    }

    @Test
    void hudTextAppearsInTheTopLeftCorner() {
        try (ParticleRenderer renderer = new ParticleRenderer(context); Hud hud = new Hud(context)) {
            renderer.draw(ParticleFrame.copyOf("none", new float[0], null, null, 0, 2));
            hud.update(59.9, 10_000, 4, "checkerboard", "heun");
            hud.draw();
            BufferedImage image = Screenshots.read(context);
            int bright = 0;
            for (int y = 8; y < 40; y++) {
                for (int x = 8; x < 120; x++) {
                    bright += ((image.getRGB(x, y) >> 8) & 0xff) > 150 ? 1 : 0;
                }
            }
            assertTrue(bright > 50, "text pixels: " + bright);
            assertEquals(0, image.getRGB(SIZE - 4, SIZE - 4) & 0xffffff, "rest of the frame untouched");
        }
    }

    @Test
    void recordedGifDecodesWithTheFramesItWasGiven(@TempDir Path dir) throws Exception {
        GifRecorder gif = new GifRecorder(50);
        try (ParticleRenderer renderer = new ParticleRenderer(context)) {
            for (int k = 0; k < 4; k++) {
                renderer.settings().pointSize(1 + 2 * k);
                renderer.draw(checkerboard(2000));
                gif.add(Screenshots.read(context));
            }
        }
        Path file = dir.resolve("flow.gif");
        gif.write(file);
        Path png = Screenshots.savePngAsync(Screenshots.read(context), dir.resolve("last.png"), Runnable::run).get();
        assertTrue(Files.size(png) > 100);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            assertEquals(4, reader.getNumImages(true));
            BufferedImage first = reader.read(0);
            assertEquals(SIZE, first.getWidth());
            assertTrue(brightness(reader.read(3)) > brightness(first), "bigger points, more light");
        }
    }

    private static BufferedImage dot() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(4, 4, 0xffffff);
        return image;
    }

    private static double brightness(BufferedImage image) {
        long[] sums = channelSums(image);
        return (sums[0] + sums[1] + sums[2]) / (3.0 * image.getWidth() * image.getHeight());
    }

    private static long[] channelSums(BufferedImage image) {
        long[] sums = new long[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sums[0] += (rgb >> 16) & 0xff;
                sums[1] += (rgb >> 8) & 0xff;
                sums[2] += rgb & 0xff;
            }
        }
        return sums;
    }
}
