package io.fluxion.demo.show;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The models shipped inside the jar under {@code /models/NAME.fluxion}, trained by Fluxion's own
 * trainer (seed 0) with the commands below, run from the repository root after
 * {@code mvn -B -q install -DskipTests}, each writing to {@code demo/src/main/resources/models/NAME.fluxion}
 * (J = {@code java -jar demo/target/fluxion.jar train --seed 0}):
 * <pre>
 * checkerboard:    J --data checkerboard --width 256 --depth 4 --steps 8000 --batch 2048 --lr 1e-3
 * eight-gaussians: J --data eight-gaussians --width 256 --depth 3 --batch 1024 --steps 3000
 * moons:           J --data moons --width 256 --depth 3 --batch 1024 --steps 3000
 * spirals:         J --data spirals --width 256 --depth 3 --batch 1024 --steps 4000
 * fluxion:         J --data demo/src/main/resources/pictures/fluxion.png --name fluxion --width 256 --depth 4
 *                    --batch 2048 --steps 6000 --lr 1e-3
 * flower:          J --data demo/src/main/resources/pictures/flower.png --name flower --width 256 --depth 4
 *                    --batch 2048 --steps 6000 --lr 1e-3
 * torus-knot:      J --data torus-knot
 * pawn:            java tools/MeshMaker.java pawn pawn.obj &amp;&amp; J --data pawn.obj --name pawn
 * glyphs:          J --data "glyphs:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!?.,:-+" --name glyphs --width 256 --depth 4
 *                    --steps 16000 --lr 1e-3
 * NAME-reflow:     java -jar demo/target/fluxion.jar reflow --model NAME --out (the file), for each NAME
 *                  above but glyphs (22-31 s each)
 * </pre>
 * {@code glyphs} is conditional: one class per character, each drawn by Java2D in the bold sans-serif
 * font ({@code Datasets.glyphs}); {@code show --text} writes with it. It is listed apart from the
 * others ({@link #CONDITIONAL}), which the window's number keys cycle through.
 * The two 3-D models take the 3-D training defaults (3 × 256, 4 000 steps at batch 1 024); the
 * pawn is a chess pawn turned on a lathe by {@code tools/MeshMaker.java}, its surface sampled
 * area-weighted.
 * The pictures are drawn by {@code java tools/WordPicture.java OUT.png} ("FLUX" over "ION": the
 * word on one line, {@code --data text:FLUXION}, is 8× wider than tall and a 4 × 256 net trained
 * for 12 000 steps still blurred its letters together) and {@code java tools/FlowerPicture.java OUT.png}.
 */
public final class BundledModels {

    /** The bundled model names, the default first. */
    public static final List<String> NAMES = List.of("checkerboard", "eight-gaussians", "moons", "spirals", "fluxion", "flower",
            "torus-knot", "pawn");

    /** The bundled conditional models (not among the window's number keys). */
    public static final List<String> CONDITIONAL = List.of("glyphs");

    /**
     * Reflowed versions of the bundled models: straight paths, sampled with 2 Euler steps by default
     * (1 is nearly as good) and fine in an emitter at any step; by any command's --model.
     */
    public static final List<String> FEW_STEP = NAMES.stream().map(name -> name + "-reflow").toList();

    private BundledModels() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name) || CONDITIONAL.contains(name) || FEW_STEP.contains(name);
    }

    public static Model load(String name) throws IOException {
        try (InputStream in = BundledModels.class.getResourceAsStream("/models/" + name + ".fluxion")) {
            if (in == null) {
                throw new IOException("no bundled model '" + name + "' (bundled: " + String.join(", ", NAMES) + ", "
                        + String.join(", ", CONDITIONAL) + ", " + String.join(", ", FEW_STEP) + ")");
            }
            return ModelFiles.load(in.readAllBytes(), "bundled:" + name);
        }
    }

    /** The data the bundled model was trained on, where it has colours of its own (text, picture); else null. */
    static PointSource colouredData(String name) throws IOException {
        name = name.endsWith("-reflow") ? name.substring(0, name.length() - "-reflow".length()) : name;
        if (!name.equals("fluxion") && !name.equals("flower")) {
            return null;
        }
        String resource = "/pictures/" + name + ".png";
        try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
            BufferedImage picture = in == null ? null : ImageIO.read(in);
            if (picture == null) {
                throw new IOException("bundled picture " + resource + " missing or unreadable");
            }
            return Datasets.image("image:" + name + ".png", picture);
        }
    }
}
