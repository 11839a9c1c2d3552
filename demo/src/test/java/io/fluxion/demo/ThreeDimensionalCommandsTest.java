package io.fluxion.demo;

import static io.fluxion.demo.FluxionCommandsTest.assertError;
import static io.fluxion.demo.FluxionCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.demo.FluxionCommandsTest.Result;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3-D commands: meshes in, 3-D models drawn with an orbit, fields and samples out to engines. */
class ThreeDimensionalCommandsTest {

    private static final String CUBE = """
            v 0 0 0
            v 1 0 0
            v 1 1 0
            v 0 1 0
            v 0 0 1
            v 1 0 1
            v 1 1 1
            v 0 1 1
            f 1 4 3 2
            f 5 6 7 8
            f 1 2 6 5
            f 4 8 7 3
            f 1 5 8 4
            f 2 3 7 6
            """;

    @Test
    void aMeshTrainsA3dModelThatExportsToEveryFormat(@TempDir Path folder) throws Exception {
        Path mesh = folder.resolve("cube.obj");
        Files.writeString(mesh, CUBE);
        Path model = folder.resolve("cube.fluxion");
        for (String fill : new String[] {"surface", "volume"}) {
            Result trained = run("train", "--data", mesh.toString(), "--fill", fill, "--steps", "20", "--width", "16",
                    "--depth", "1", "--batch", "64", "--out", model.toString());
            assertEquals(0, trained.code(), trained.err());
        }
        Model loaded = ModelFiles.load(model);
        assertEquals(3, loaded.dimension());
        assertEquals("mesh:cube.obj", loaded.name());

        Path fga = folder.resolve("cube.fga");
        Result exported = run("export", "--model", model.toString(), "--format", "fga", "--resolution", "4", "--times", "0.2,0.9",
                "--out", fga.toString());
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().contains("at t = 0.200 on a 4^3 grid"), exported.out());
        Path slice = folder.resolve("cube-t0.900.fga");
        assertEquals("4,4,4,", Files.readAllLines(slice).get(0));
        assertEquals(3 + 64, Files.readAllLines(slice).size());
        assertFalse(Files.exists(fga), "several times: one file per time, named by it");
        for (String format : new String[] {"vf", "npy"}) {
            Path out = folder.resolve("cube." + format);
            assertEquals(0, run("export", "--model", model.toString(), "--format", format, "--resolution", "3",
                    "--out", out.toString()).code());
            assertTrue(Files.size(out) > 3 * 27 * 4, format);
        }
        Path cache = folder.resolve("cube.pCache");
        assertEquals(0, run("export", "--model", model.toString(), "--format", "pcache", "--n", "100",
                "--out", cache.toString()).code());
        assertTrue(Files.readString(cache, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("pcache\nformat binary 1.0\n"));
    }

    @Test
    void badMeshesAndExportsAreOneLineAndWriteNothing(@TempDir Path folder) throws Exception {
        String out = folder.resolve("m.fluxion").toString();
        Path zero = folder.resolve("zero.obj");
        Files.writeString(zero, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 2 3\n");
        assertError(run("train", "--data", zero.toString(), "--out", out), "zero.obj:4: vertex index 0");
        Path claims = folder.resolve("claims.ply");
        Files.writeString(claims, "ply\nformat binary_little_endian 1.0\nelement vertex 1000000\nproperty float x\n"
                + "property float y\nproperty float z\nend_header\n");
        assertError(run("train", "--data", claims.toString(), "--out", out), "claims 1000000 vertex elements");
        Path open = folder.resolve("open.obj");
        Files.writeString(open, CUBE.replace("f 2 3 7 6\n", ""));
        assertError(run("train", "--data", open.toString(), "--fill", "volume", "--out", out), "needs a closed mesh");
        assertError(run("train", "--data", open.toString(), "--fill", "inside", "--out", out), "--fill: unknown value 'inside'");
        Path flat = folder.resolve("flat.obj");
        Files.writeString(flat, "v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n");
        assertError(run("eval", "--model", "pawn", "--data", flat.toString()), "zero area");
        assertTrue(Files.notExists(Path.of(out)), "nothing written");

        String fga = folder.resolve("f.fga").toString();
        assertError(run("export", "--model", "pawn", "--format", "obj", "--out", fga), "--format: unknown 'obj'");
        assertError(run("export", "--model", "moons", "--format", "fga", "--out", fga), "has d = 2");
        assertError(run("export", "--model", "pawn", "--format", "fga", "--times", "1.5", "--out", fga), "--times");
        assertError(run("export", "--model", "pawn", "--format", "vf", "--resolution", "1000", "--out", fga), "--resolution");
        assertError(run("export", "--model", "pawn", "--format", "vf", "--bounds", "1,2,3", "--out", fga), "--bounds needs 6");
        assertError(run("record", "--model", "pawn", "--orbit", "-2", "--out", folder.resolve("r.gif").toString()),
                "--orbit must be seconds per turn >= 0");
        assertTrue(Files.notExists(Path.of(fga)), "nothing written");
    }

    @Test
    void headlessRecordingsOrbitA3dModel(@TempDir Path folder) throws Exception {
        BufferedImage[] last = new BufferedImage[2];
        String[] orbits = {"0", "0.5"};
        for (int k = 0; k < 2; k++) {
            Path frames = folder.resolve("orbit-" + k);
            Result result = run("record", "--model", "torus-knot", "--particles", "3000", "--steps", "6", "--size", "96",
                    "--orbit", orbits[k], "--out", frames.toString());
            assertEquals(0, result.code(), result.err());
            last[k] = ImageIO.read(frames.resolve("frame-0006.png").toFile());
        }
        int[] still = last[0].getRGB(0, 0, 96, 96, null, 0, 96);
        int[] turned = last[1].getRGB(0, 0, 96, 96, null, 0, 96);
        assertFalse(Arrays.equals(still, turned), "the orbit turned the view");
    }
}
