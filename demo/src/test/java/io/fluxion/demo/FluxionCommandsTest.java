package io.fluxion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.io.Npy;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command run in-process: what it writes, and a one-line error with exit code 1 for bad input. */
class FluxionCommandsTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Fluxion.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static void assertError(Result result, String expected) {
        assertTrue(result.code() != 0, "exit code for: " + result.err());
        assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
    }

    @Test
    void modelsListsTheBundledModels() {
        Result result = run("models");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("checkerboard"), result.out());
    }

    @Test
    void sampleWritesCsvAndNpy(@TempDir Path folder) throws Exception {
        Path csv = folder.resolve("s.csv");
        Result result = run("sample", "--n", "100", "--out", csv.toString());
        assertEquals(0, result.code(), result.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(101, lines.size());
        assertEquals("x0,x1", lines.get(0));
        Path npy = folder.resolve("s.npy");
        assertEquals(0, run("sample", "--n", "50", "--solver", "euler", "--steps", "10", "--out", npy.toString()).code());
        assertEquals(List.of(50, 2), List.of(Npy.read(npy).shape()[0], Npy.read(npy).shape()[1]));
    }

    @Test
    void sampleRejectsBadArguments(@TempDir Path folder) {
        assertError(run("sample", "--out", folder.resolve("s.txt").toString()), "must end in .csv or .npy");
        assertError(run("sample", "--model", folder.resolve("missing.fluxion").toString(), "--out",
                folder.resolve("s.csv").toString()), "no such file");
        assertError(run("sample", "--n", "0", "--out", folder.resolve("s.csv").toString()), "--n must be >= 1");
        assertError(run("sample", "--solver", "leapfrog", "--out", folder.resolve("s.csv").toString()), "unknown solver");
        assertTrue(run("sample").code() != 0, "missing --out");
    }

    @Test
    void trainSavesALoadableModel(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("moons.fluxion");
        Result result = run("train", "--data", "moons", "--steps", "20", "--width", "16", "--depth", "1", "--batch", "64",
                "--out", file.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains("step 20/20"), "progress bar: " + result.err());
        Model model = ModelFiles.load(file);
        assertEquals("moons", model.name());
        assertEquals("20", model.metadata().get("steps"));
    }

    @Test
    void trainRejectsBadArguments(@TempDir Path folder) throws Exception {
        String out = folder.resolve("m.fluxion").toString();
        assertError(run("train", "--data", "galaxy", "--out", out), "unknown data set 'galaxy'");
        assertError(run("train", "--data", folder.resolve("none.csv").toString(), "--out", out), "no such file");
        Path ragged = folder.resolve("ragged.csv");
        Files.writeString(ragged, "1,2\n3\n");
        assertError(run("train", "--data", ragged.toString(), "--out", out), "ragged.csv:2: expected 2 columns, found 1");
        assertError(run("train", "--data", "moons", "--coupling", "greedy", "--out", out), "unknown coupling 'greedy'");
        assertError(run("train", "--data", "moons", "--steps", "0", "--out", out), "steps must be >= 1");
        assertError(run("train", "--data", "moons", "--schedule", "warp", "--out", out), "unknown schedule 'warp'");
        assertTrue(Files.notExists(Path.of(out)), "nothing written on error");
    }

    @Test
    void showRendersAGifAndAPngHeadless(@TempDir Path folder) throws Exception {
        Path gif = folder.resolve("flow.gif");
        Result result = run("show", "--particles", "2000", "--frames", "5", "--size", "96", "--out", gif.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("rendering headless"), result.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(6 + 12, reader.getNumImages(true), "one frame per step, the start, and 12 held at the end");
            assertEquals(96, reader.read(0).getWidth());
        }
        assertTrue(ImageIO.read(folder.resolve("flow.png").toFile()).getWidth() == 96);
        assertEquals(0, run("show", "--data", "eight-gaussians", "--particles", "500", "--frames", "3", "--size", "32",
                "--out", folder.resolve("eight.gif").toString()).code());
    }

    @Test
    void showRejectsBadArguments(@TempDir Path folder) {
        String out = folder.resolve("x.gif").toString();
        assertError(run("show", "--data", "moons", "--out", out), "only Gaussian mixtures");
        assertError(run("show", "--particles", "0", "--out", out), "--particles >= 1");
        assertError(run("show", "--model", folder.resolve("none.fluxion").toString(), "--out", out), "no such file");
    }
}
