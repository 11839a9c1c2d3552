import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the meshes Fluxion's 3-D examples and bundled models start from, as Wavefront OBJ with
 * vertex colours ({@code v x y z r g b}); no third-party assets. Run with
 * {@code java tools/MeshMaker.java pawn|torus OUT.obj}.
 *
 * <ul>
 *   <li>{@code pawn}: a chess pawn turned on a lathe (a profile of 64 points revolved in 96
 *       steps), closed by a cap at the top and the bottom, coloured from wood brown at the foot
 *       to ivory at the head; about 2.6 units tall.</li>
 *   <li>{@code torus}: a torus of radii 1.5 and 0.5 (96 × 48 quads), closed, coloured by angle.</li>
 * </ul>
 */
public final class MeshMaker {

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("pawn") || args[0].equals("torus"))) {
            System.err.println("usage: java tools/MeshMaker.java pawn|torus OUT.obj");
            System.exit(1);
        }
        Path out = Path.of(args[1]);
        Path temp = out.resolveSibling(out.getFileName() + ".tmp");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
            if (args[0].equals("pawn")) {
                pawn(w);
            } else {
                torus(w);
            }
        }
        Files.move(temp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Radius of the pawn at height y ∈ [0, 2.6]: foot, stem, collar, head. */
    static double pawnRadius(double y) {
        if (y < 0.15) {
            return 0.95;                                   // base disc
        }
        if (y < 0.45) {
            return 0.95 - 0.25 * smooth((y - 0.15) / 0.3);  // foot rounding in
        }
        if (y < 1.55) {
            double s = (y - 0.45) / 1.1;
            return 0.7 - 0.42 * Math.sqrt(s);                // stem tapering up
        }
        if (y < 1.7) {
            return 0.55;                                     // collar
        }
        if (y < 1.78) {
            return 0.3;                                      // neck
        }
        double centre = 2.17;
        double r = 0.42;
        double dy = y - centre;
        return Math.sqrt(Math.max(0, r * r - dy * dy));     // head: a ball
    }

    private static double smooth(double s) {
        return s * s * (3 - 2 * s);
    }

    static void pawn(PrintWriter w) {
        int rings = 128;
        int around = 96;
        double height = 2.59;
        w.println("# a chess pawn turned on a lathe, by tools/MeshMaker.java");
        for (int i = 0; i < rings; i++) {
            double y = height * i / rings;
            double r = pawnRadius(y);
            double s = y / height;
            double red = 0.55 + 0.43 * s;
            double green = 0.33 + 0.6 * s;
            double blue = 0.15 + 0.7 * s;
            for (int k = 0; k < around; k++) {
                double a = 2 * Math.PI * k / around;
                w.printf(Locale.ROOT, "v %.5f %.5f %.5f %.3f %.3f %.3f%n", r * Math.cos(a), y - 1.3, r * Math.sin(a), red, green, blue);
            }
        }
        w.printf(Locale.ROOT, "v 0 %.5f 0 0.55 0.33 0.15%n", -1.3); // bottom centre
        w.printf(Locale.ROOT, "v 0 %.5f 0 0.98 0.93 0.85%n", height - 1.3); // top of the head
        int bottom = rings * around + 1;
        int top = bottom + 1;
        for (int i = 0; i + 1 < rings; i++) {
            for (int k = 0; k < around; k++) {
                int a = i * around + k + 1;
                int b = i * around + (k + 1) % around + 1;
                w.printf("f %d %d %d %d%n", a, a + around, b + around, b);
            }
        }
        for (int k = 0; k < around; k++) {
            w.printf("f %d %d %d%n", bottom, k + 1, (k + 1) % around + 1);
            w.printf("f %d %d %d%n", top, (rings - 1) * around + (k + 1) % around + 1, (rings - 1) * around + k + 1);
        }
    }

    static void torus(PrintWriter w) {
        int major = 96;
        int minor = 48;
        w.println("# a torus, by tools/MeshMaker.java");
        for (int i = 0; i < major; i++) {
            double u = 2 * Math.PI * i / major;
            for (int j = 0; j < minor; j++) {
                double v = 2 * Math.PI * j / minor;
                double r = 1.5 + 0.5 * Math.cos(v);
                w.printf(Locale.ROOT, "v %.5f %.5f %.5f %.3f %.3f %.3f%n", r * Math.cos(u), 0.5 * Math.sin(v), r * Math.sin(u),
                        0.5 + 0.5 * Math.cos(u), 0.5 + 0.5 * Math.sin(u), 0.8);
            }
        }
        for (int i = 0; i < major; i++) {
            for (int j = 0; j < minor; j++) {
                int a = i * minor + j + 1;
                int b = ((i + 1) % major) * minor + j + 1;
                int c = ((i + 1) % major) * minor + (j + 1) % minor + 1;
                int d = i * minor + (j + 1) % minor + 1;
                w.printf("f %d %d %d %d%n", a, b, c, d);
            }
        }
    }
}
