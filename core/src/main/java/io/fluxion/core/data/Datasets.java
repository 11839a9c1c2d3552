package io.fluxion.core.data;

import io.fluxion.core.mesh.MeshFiles;
import io.fluxion.core.mesh.TriangleMesh;
import io.fluxion.core.nn.MlpArchitecture;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.LoggerFactory;

/**
 * Factories for the data sets (the t = 1 side). The 2-D toy sets are centred near the
 * origin with a spread of about ±4 (checkerboard) or ±2 (the rest); pictures and text
 * span [−2, 2] along their longer side. Every source is immutable and seeded through the
 * generator passed to {@link PointSource#sample}.
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The checkerboard of Meta's flow_matching examples (see bench/WORKLOADS.md):
     * x1 = 4U − 2, x2 = U − 2·B + (⌊x1⌋ mod 2), returned as 2·(x1, x2), so 8 filled squares
     * of side 2 in [−4, 4]².
     */
    public static PointSource checkerboard() {
        return new RuleSource("checkerboard", 2, (out, i, random) -> {
            double x1 = random.nextDouble() * 4 - 2;
            double x2 = random.nextDouble() - random.nextInt(2) * 2;
            x2 += Math.floorMod((int) Math.floor(x1), 2);
            out[2 * i] = (float) (2 * x1);
            out[2 * i + 1] = (float) (2 * x2);
        });
    }

    /**
     * Whether (x, y) lies in one of the filled squares of {@link #checkerboard()}: the board covers
     * [−4, 4)², squares of side 2, filled where ⌊x/2⌋ + ⌊y/2⌋ is even. For precision measures of
     * checkerboard models and pictures of them.
     */
    public static boolean inCheckerboard(double x, double y) {
        return x >= -4 && x < 4 && y >= -4 && y < 4 && Math.floorMod((int) Math.floor(x / 2) + (int) Math.floor(y / 2), 2) == 0;
    }

    /** Eight Gaussians of standard deviation 0.15 at radius 2, angles k·π/4; equal weights. */
    public static GaussianMixture eightGaussians() {
        double[][] means = new double[8][];
        double[] stds = new double[8];
        double[] weights = new double[8];
        for (int k = 0; k < 8; k++) {
            double angle = k * Math.PI / 4;
            means[k] = new double[] {2 * Math.cos(angle), 2 * Math.sin(angle)};
            stds[k] = 0.15;
            weights[k] = 1;
        }
        return GaussianMixture.isotropic("eight-gaussians", weights, means, stds);
    }

    /**
     * Two interleaving half circles as scikit-learn's {@code make_moons(noise=0.1)}, scaled by 2
     * and centred (so Gaussian noise of standard deviation 0.2 around arcs of radius 2).
     */
    public static PointSource moons() {
        return new RuleSource("moons", 2, (out, i, random) -> {
            double angle = random.nextDouble() * Math.PI;
            double x;
            double y;
            if (random.nextBoolean()) {
                x = Math.cos(angle);
                y = Math.sin(angle);
            } else {
                x = 1 - Math.cos(angle);
                y = 0.5 - Math.sin(angle);
            }
            out[2 * i] = (float) (2 * (x - 0.5 + 0.1 * random.nextGaussian()));
            out[2 * i + 1] = (float) (2 * (y - 0.25 + 0.1 * random.nextGaussian()));
        });
    }

    /** Two interleaved arms of an Archimedean spiral out to radius 2.5, noise 0.08. */
    public static PointSource spirals() {
        return new RuleSource("spirals", 2, (out, i, random) -> {
            double u = Math.sqrt(random.nextDouble());
            double angle = u * 3 * Math.PI + (random.nextBoolean() ? Math.PI : 0);
            double radius = 0.2 + 2.3 * u;
            out[2 * i] = (float) (radius * Math.cos(angle) + 0.08 * random.nextGaussian());
            out[2 * i + 1] = (float) (radius * Math.sin(angle) + 0.08 * random.nextGaussian());
        });
    }

    /** Four concentric rings of radius 0.5, 1, 1.5, 2 (uniform along their length), noise 0.04. */
    public static PointSource rings() {
        return new RuleSource("rings", 2, (out, i, random) -> {
            // radius k/2 with probability ∝ k (k = 1..4, total 10), so density is uniform along the rings
            int pick = random.nextInt(10);
            int k = pick < 1 ? 1 : pick < 3 ? 2 : pick < 6 ? 3 : 4;
            double angle = random.nextDouble() * 2 * Math.PI;
            out[2 * i] = (float) (0.5 * k * Math.cos(angle) + 0.04 * random.nextGaussian());
            out[2 * i + 1] = (float) (0.5 * k * Math.sin(angle) + 0.04 * random.nextGaussian());
        });
    }

    /** 3-D: a (2, 3) torus knot about the y axis, about 6 units across, noise 0.07. */
    public static PointSource torusKnot() {
        return Shapes3D.torusKnot();
    }

    /** 3-D: a spherical shell of radius 2, radial noise 0.04. */
    public static PointSource shell() {
        return Shapes3D.shell();
    }

    /** 3-D: a two-armed spiral galaxy in the x-z plane with a central bulge. */
    public static PointSource galaxy() {
        return Shapes3D.galaxy();
    }

    /** 3-D: a double helix about the y axis, radius 1, three turns over y in [−2, 2]. */
    public static PointSource helix() {
        return Shapes3D.helix();
    }

    /** 3-D: {@link #text} extruded into a slab 0.5 deep along z, in the text's colours. */
    public static PointSource text3d(String words) {
        return Shapes3D.text3d(text(words));
    }

    /**
     * Points on the surface of a mesh (OBJ, PLY, glTF/GLB), area-weighted and in the mesh's
     * colours where it has some; a file without faces (a PLY or OBJ point cloud) gives its vertices.
     *
     * @throws io.fluxion.core.mesh.MeshFormatException naming the file and line or element when it is malformed
     * @throws NoSuchFileException                      when it does not exist
     */
    public static PointSource mesh(Path file) throws IOException {
        return mesh(file, MeshFill.SURFACE);
    }

    /**
     * Points on the surface of a mesh or, with {@link MeshFill#VOLUME}, uniform inside it (the
     * mesh must be closed; see {@link #mesh(Path)}).
     *
     * @throws IllegalArgumentException for {@code VOLUME} on a mesh that is not closed
     */
    public static PointSource mesh(Path file, MeshFill fill) throws IOException {
        TriangleMesh mesh = MeshFiles.read(file);
        String name = "mesh:" + file.getFileName();
        if (mesh.triangleCount() == 0) {
            float[] vertices = mesh.vertices();
            float[] kept = FarPoints.removeFar(vertices, mesh.vertexCount(), 3, 3, file.toString(), row -> "vertex " + row);
            float[] colours = kept == vertices ? mesh.vertexColours() : null;
            return new PointCloud(name, kept, colours, kept.length / 3, 3);
        }
        return fill == MeshFill.VOLUME ? MeshVolume.of(name, mesh) : new MeshSurface(name, mesh);
    }

    /**
     * A labelled set from a point file whose last column is the class: an integer 0..K−1 (K ≥ 2,
     * every class present); the other columns are the point. Classes are named by their number.
     *
     * @throws DataFormatException naming the file and row when a label is not a whole number in
     *                             range, a class has no points, or there is one class only
     */
    public static LabelledSource labelledFile(Path file) throws IOException {
        PointCloud all = PointFiles.read(file, true);
        int columns = all.dimension();
        if (columns < 2) {
            throw new DataFormatException(file + ": a labelled file needs the point's columns and a label column, found "
                    + columns + " column");
        }
        int d = columns - 1;
        float[] values = all.points();
        int n = all.size();
        int classes = 0;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float label = values[i * columns + d];
            if (label != Math.rint(label) || label < 0 || label >= MlpArchitecture.MAX_LABELS) {
                throw new DataFormatException(file + ": row " + (i + 1)
                        + ": the label (last column) must be a whole number in 0.." + (MlpArchitecture.MAX_LABELS - 1) + ", got " + label);
            }
            labels[i] = (int) label;
            classes = Math.max(classes, labels[i] + 1);
        }
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        if (classes < 2) {
            throw new DataFormatException(file + ": every row has label 0: a labelled set needs at least two classes");
        }
        List<String> names = new ArrayList<>();
        List<PointSource> parts = new ArrayList<>();
        double[] weights = new double[classes];
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new DataFormatException(file + ": class " + k + " has no points (labels must run 0.." + (classes - 1)
                        + " with every class present)");
            }
            float[] points = new float[counts[k] * d];
            int row = 0;
            for (int i = 0; i < n; i++) {
                if (labels[i] == k) {
                    System.arraycopy(values, i * columns, points, row++ * d, d);
                }
            }
            names.add(Integer.toString(k));
            parts.add(new PointCloud(all.name() + "#" + k, points, null, counts[k], d));
            weights[k] = counts[k];
        }
        return new LabelledMixture(all.name(), names, parts, weights);
    }

    /** Classes given as sources of the same dimension, drawn in equal shares. */
    public static LabelledSource labelled(String name, List<String> labelNames, List<PointSource> classes) {
        double[] weights = new double[classes.size()];
        java.util.Arrays.fill(weights, 1.0);
        return new LabelledMixture(name, labelNames, classes, weights);
    }

    /**
     * A folder of pictures as a labelled set: one class per picture file (PNG, JPEG, GIF, BMP),
     * named by the file's name without its extension, in name order; each drawn as {@link #image}.
     *
     * @throws DataFormatException when the folder holds fewer than two pictures, or one cannot be read
     */
    public static LabelledSource pictureFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such folder");
        }
        List<Path> pictures;
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            pictures = files.filter(file -> isPicture(file.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .sorted().limit(MlpArchitecture.MAX_LABELS + 1L).toList();
        }
        if (pictures.size() < 2) {
            throw new DataFormatException(folder + ": " + pictures.size() + " picture" + (pictures.size() == 1 ? "" : "s")
                    + "; a labelled set of pictures needs at least two (one class per file)");
        }
        if (pictures.size() > MlpArchitecture.MAX_LABELS) {
            throw new DataFormatException(folder + ": more than " + MlpArchitecture.MAX_LABELS + " pictures");
        }
        List<String> names = new ArrayList<>();
        List<PointSource> parts = new ArrayList<>();
        for (Path picture : pictures) {
            String file = picture.getFileName().toString();
            names.add(file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file);
            parts.add(image(picture));
        }
        return labelled("pictures:" + folder.getFileName(), names, parts);
    }

    private static boolean isFolder(String name) {
        try {
            return Files.isDirectory(Path.of(name));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static boolean isPicture(String lower) {
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".gif")
                || lower.endsWith(".bmp");
    }

    /** 2-D, four classes: checkerboard, moons, spirals, rings. */
    public static LabelledSource toys() {
        return labelled("toys", List.of("checkerboard", "moons", "spirals", "rings"),
                List.of(checkerboard(), moons(), spirals(), rings()));
    }

    /** 3-D, four classes: torus-knot, shell, galaxy, helix. */
    public static LabelledSource shapes3d() {
        return labelled("shapes3d", List.of("torus-knot", "shell", "galaxy", "helix"),
                List.of(torusKnot(), shell(), galaxy(), helix()));
    }

    /**
     * 2-D glyphs, one class per distinct character of {@code characters} (whitespace left out),
     * each drawn as {@link #text} of that character alone and named by it.
     */
    public static LabelledSource glyphs(String characters) {
        List<String> names = new ArrayList<>();
        List<PointSource> parts = new ArrayList<>();
        characters.codePoints().filter(c -> !Character.isWhitespace(c)).distinct().forEach(c -> {
            String glyph = new String(Character.toChars(c));
            names.add(glyph);
            parts.add(text(glyph));
        });
        if (names.size() < 2) {
            throw new IllegalArgumentException("glyphs: need at least two different characters, got '" + characters + "'");
        }
        return labelled("glyphs:" + String.join("", names), names, parts);
    }

    /** A Gaussian mixture with isotropic components, means [K][d], stds [K]. */
    public static GaussianMixture gaussianMixture(double[] weights, double[][] means, double[] stds) {
        return GaussianMixture.isotropic("gaussian-mixture", weights, means, stds);
    }

    /** Points in memory: {@code points [n, d]}. */
    public static PointCloud points(String name, float[] points, int n, int d) {
        return new PointCloud(name, points, null, n, d);
    }

    /**
     * A CSV or NumPy {@code .npy} file of points, read and validated at once.
     *
     * @throws DataFormatException naming the file (and line) when it is malformed
     * @throws NoSuchFileException when it does not exist
     */
    public static PointCloud file(Path file) throws IOException {
        return PointFiles.read(file);
    }

    /**
     * A picture (PNG, JPEG, GIF, BMP): points drawn by pixel luminance with jitter, keeping
     * each pixel's colour; on a light background the dark pixels draw the points.
     */
    public static PointSource image(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + ": " + (Files.isDirectory(file) ? "is a folder"
                    : "is not a regular file (a device or a pipe)") + ", not a picture");
        }
        BufferedImage image = readPicture(file);
        try {
            return WeightedPixels.fromImage("image:" + file.getFileName(), image, 2);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** The most pixels a picture read as data may have (its decoded form takes 4 bytes a pixel). */
    public static final long MAX_PICTURE_PIXELS = 50_000_000L;

    /**
     * Decodes a picture after checking the size its header declares, so that a small file that
     * unpacks to a huge picture (a decompression bomb) is refused before any pixel is decoded.
     */
    private static BufferedImage readPicture(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(file + ": not a picture that Java can read (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > MAX_PICTURE_PIXELS) {
                    throw new DataFormatException(String.format(Locale.ROOT,
                            "%s: %d x %d pixels, more than the limit of %,d pixels", file, width, height, MAX_PICTURE_PIXELS));
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file + ": cannot decode the picture: " + e.getMessage(), e);
        }
    }

    /** Whether {@code source} is a picture's points ({@link #image}), whatever it is named. */
    public static boolean isPicture(PointSource source) {
        return source instanceof WeightedPixels;
    }

    /** A picture already in memory. */
    public static PointSource image(String name, BufferedImage image) {
        return WeightedPixels.fromImage(name, image, 2);
    }

    /** The longest text {@link #text} draws. */
    public static final int MAX_TEXT_LENGTH = 200;

    /**
     * The characters of {@code words} that {@code font} can draw; those it cannot are left out with
     * one warning naming them (they would draw as empty boxes).
     *
     * @throws IllegalArgumentException when the font can draw none of them
     */
    private static String drawableText(Font font, String words) {
        StringBuilder kept = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        words.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || font.canDisplay(c)) {
                kept.appendCodePoint(c);
            } else if (missing.indexOf(new String(Character.toChars(c))) < 0) {
                missing.append(missing.length() == 0 ? "" : " ").appendCodePoint(c)
                        .append(String.format(Locale.ROOT, " (U+%04X)", c));
            }
        });
        if (kept.toString().isBlank()) {
            throw new IllegalArgumentException("text: the font (" + font.getFontName() + ") has none of the characters "
                    + missing);
        }
        if (missing.length() > 0) {
            LoggerFactory.getLogger(Datasets.class).warn("text: the font ({}) lacks {}; drawing the rest",
                    font.getFontName(), missing);
        }
        return kept.toString();
    }

    /**
     * Text rendered in a bold sans-serif font, particles forming the words, coloured by a hue
     * sweep. Characters the font cannot draw are left out with a warning.
     */
    public static PointSource text(String words) {
        if (words == null || words.isBlank()) {
            throw new IllegalArgumentException("text: nothing to write");
        }
        if (words.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text: " + words.length() + " characters, more than the limit of "
                    + MAX_TEXT_LENGTH);
        }
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 96);
        String drawable = drawableText(font, words);
        FontRenderContext context = new FontRenderContext(null, true, true);
        TextLayout layout = new TextLayout(drawable, font, context);
        Rectangle2D bounds = layout.getBounds();
        int margin = 8;
        int width = (int) Math.ceil(bounds.getWidth()) + 2 * margin;
        int height = (int) Math.ceil(bounds.getHeight()) + 2 * margin;
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            layout.draw(g, (float) (margin - bounds.getX()), (float) (margin - bounds.getY()));
        } finally {
            g.dispose();
        }
        return WeightedPixels.fromMask("text:" + words, mask, 2, true);
    }

    /**
     * A data set by name, as the command line takes it: {@code checkerboard},
     * {@code eight-gaussians}, {@code moons}, {@code spirals}, {@code rings},
     * {@code text:WORDS}, the 3-D {@code torus-knot}, {@code shell}, {@code galaxy}, {@code helix},
     * {@code text3d:WORDS}, or a path ending in {@code .csv}, {@code .npy}, {@code .png},
     * {@code .jpg}, {@code .gif}, {@code .bmp}, {@code .obj}, {@code .ply}, {@code .gltf} or {@code .glb}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IOException              for a file that is missing or malformed
     */
    public static PointSource byName(String name) throws IOException {
        return byName(name, MeshFill.SURFACE);
    }

    /** {@link #byName(String)}, with meshes filled as {@code fill} says. */
    public static PointSource byName(String name, MeshFill fill) throws IOException {
        String key = name.strip();
        String lower = key.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "checkerboard" -> {
                return checkerboard();
            }
            case "eight-gaussians", "8gaussians", "eightgaussians" -> {
                return eightGaussians();
            }
            case "moons" -> {
                return moons();
            }
            case "spirals" -> {
                return spirals();
            }
            case "rings" -> {
                return rings();
            }
            case "torus-knot", "torusknot" -> {
                return torusKnot();
            }
            case "shell" -> {
                return shell();
            }
            case "galaxy" -> {
                return galaxy();
            }
            case "helix" -> {
                return helix();
            }
            case "toys" -> {
                return toys();
            }
            case "shapes3d" -> {
                return shapes3d();
            }
            default -> { }
        }
        if (lower.startsWith("text:")) {
            return text(key.substring("text:".length()));
        }
        if (lower.startsWith("glyphs:")) {
            return glyphs(key.substring("glyphs:".length()));
        }
        if (lower.startsWith("text3d:")) {
            return text3d(key.substring("text3d:".length()));
        }
        if (isFolder(key)) {
            return pictureFolder(Path.of(key));
        }
        if (MeshFiles.isMeshFile(lower)) {
            return mesh(Path.of(key), fill);
        }
        if (lower.endsWith(".csv") || lower.endsWith(".npy") || lower.endsWith(".txt")) {
            return file(Path.of(key));
        }
        if (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".gif")
                || lower.endsWith(".bmp")) {
            return image(Path.of(key));
        }
        throw new IllegalArgumentException("unknown data set '" + name
                + "' (known: checkerboard, eight-gaussians, moons, spirals, rings, text:WORDS; 3-D: torus-knot, shell, galaxy, "
                + "helix, text3d:WORDS; labelled: toys, shapes3d, glyphs:CHARS; files: FILE.csv, FILE.npy, IMAGE.png, "
                + "MESH.obj, MESH.ply, MESH.gltf, MESH.glb, a FOLDER of pictures)");
    }
}
