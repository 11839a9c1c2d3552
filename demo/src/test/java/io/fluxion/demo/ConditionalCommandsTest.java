package io.fluxion.demo;

import static io.fluxion.demo.FluxionCommandsTest.assertError;
import static io.fluxion.demo.FluxionCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.demo.FluxionCommandsTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional models and morphing from the command line: labels in, classes and guidance out, sources. */
class ConditionalCommandsTest {

    /** Two classes of points: near (−2, 0) (label 0) and near (2, 0) (label 1). */
    private static Path labelled(Path folder) throws Exception {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 400; i++) {
            int label = i % 2;
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%d%n", (label == 0 ? -2 : 2) + 0.3 * random.nextGaussian(),
                    0.3 * random.nextGaussian(), label));
        }
        Path file = folder.resolve("two.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void labelsTrainAConditionalModelThatSamplesEachClass(@TempDir Path folder) throws Exception {
        Path data = labelled(folder);
        Path model = folder.resolve("two.fluxion");
        Result trained = run("train", "--data", data.toString(), "--labels", "--steps", "300", "--width", "32", "--depth", "2",
                "--batch", "128", "--out", model.toString());
        assertEquals(0, trained.code(), trained.err());
        Model loaded = ModelFiles.load(model);
        assertEquals(List.of("0", "1"), loaded.labelNames());
        Result listed = run("models", model.toString());
        assertTrue(listed.out().contains("2 labels: 0 0, 1 1"), listed.out());
        for (int label = 0; label < 2; label++) {
            Path out = folder.resolve("class" + label + ".csv");
            Result sampled = run("sample", "--model", model.toString(), "--label", Integer.toString(label), "--guidance", "1.5",
                    "--n", "300", "--out", out.toString());
            assertEquals(0, sampled.code(), sampled.err());
            double mean = Files.readAllLines(out).stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[0]))
                    .average().orElseThrow();
            assertEquals(label == 0 ? -2 : 2, mean, 0.6, "class " + label);
        }
        Result eval = run("eval", "--model", model.toString(), "--data", data.toString(), "--labels", "--label", "1",
                "--n", "300", "--nll-points", "0");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("W2 ratio"), eval.out());
    }

    @Test
    void badLabelsAreOneLineAndWriteNothing(@TempDir Path folder) throws Exception {
        String out = folder.resolve("m.fluxion").toString();
        Path fraction = folder.resolve("fraction.csv");
        Files.writeString(fraction, "0,0,0\n1,1,0.5\n");
        assertError(run("train", "--data", fraction.toString(), "--labels", "--out", out), "row 2: the label (last column)");
        Path single = folder.resolve("single.csv");
        Files.writeString(single, "0,0,0\n1,1,0\n");
        assertError(run("train", "--data", single.toString(), "--labels", "--out", out), "at least two classes");
        assertTrue(Files.notExists(Path.of(out)), "nothing written");
        String csv = folder.resolve("s.csv").toString();
        assertError(run("sample", "--model", "moons", "--label", "1", "--out", csv), "is not conditional");
        assertError(run("sample", "--model", "moons", "--guidance", "2", "--out", csv), "--guidance needs --label");
        Path data = labelled(folder);
        Path model = folder.resolve("two.fluxion");
        assertEquals(0, run("train", "--data", data.toString(), "--labels", "--steps", "5", "--width", "8", "--depth", "1",
                "--batch", "32", "--out", model.toString()).code());
        assertError(run("sample", "--model", model.toString(), "--label", "7", "--out", csv), "--label: unknown class '7'");
        assertError(run("train", "--source", "torus-knot", "--data", "moons", "--out", out), "--source torus-knot has d = 3");
        assertTrue(Files.notExists(Path.of(csv)), "nothing written");
    }

    @Test
    void aSourceModelTransportsGivenPoints(@TempDir Path folder) throws Exception {
        Path model = folder.resolve("morph.fluxion");
        Result trained = run("train", "--source", "eight-gaussians", "--data", "rings", "--steps", "200", "--width", "32",
                "--depth", "2", "--batch", "128", "--out", model.toString());
        assertEquals(0, trained.code(), trained.err());
        assertEquals("eight-gaussians", ModelFiles.load(model).sourceName());
        assertEquals("exact-ot", ModelFiles.load(model).metadata().get("coupling"), "exact OT by default with a source");
        Path out = folder.resolve("moved.csv");
        assertError(run("sample", "--model", model.toString(), "--out", out.toString()), "give --from POINTS");
        Result moved = run("sample", "--model", model.toString(), "--from", "eight-gaussians", "--n", "100",
                "--out", out.toString());
        assertEquals(0, moved.code(), moved.err());
        assertEquals(101, Files.readAllLines(out).size());
        Result eval = run("eval", "--model", model.toString(), "--data", "rings", "--from", "eight-gaussians", "--n", "200",
                "--nll-points", "0");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("displacement ratio"), eval.out());
    }

    @Test
    void textIsDrawnByTheGlyphModelAndMissingCharactersAreNamed(@TempDir Path folder) throws Exception {
        Path frames = folder.resolve("text");
        Result recorded = run("record", "--text", "HI", "--then", "OK", "--particles", "2000", "--steps", "4", "--size", "64",
                "--out", frames.toString());
        assertEquals(0, recorded.code(), recorded.err());
        assertEquals(2 * (4 + 12), Files.list(frames).count(), "form + hold, twice");
        Result shown = run("show", "--text", "HI~", "--headless", "--particles", "1000", "--steps", "3", "--size", "64",
                "--out", folder.resolve("t.gif").toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(Files.size(folder.resolve("t.gif")) > 0, "the drawable characters drawn (the missing one is named on stderr)");
        String gif = folder.resolve("x.gif").toString();
        assertError(run("show", "--text", "~~", "--headless", "--out", gif), "none of the characters ~");
        assertError(run("record", "--then", "OK", "--out", gif), "--then needs --text");
        assertTrue(Files.notExists(Path.of(gif)), "nothing written");
    }

    @Test
    void evalMeasuresARunTimeMorph() {
        Result morphed = run("eval", "--model", "eight-gaussians", "--data", "eight-gaussians", "--morph-from", "moons",
                "--n", "300", "--steps", "8", "--nll-points", "0");
        assertEquals(0, morphed.code(), morphed.err());
        assertTrue(morphed.out().contains("morphed 300 samples of moons into eight-gaussians over 16 frames"), morphed.out());
        assertError(run("eval", "--model", "moons", "--data", "moons", "--morph-from", "pawn"), "has d = 3");
        assertError(run("eval", "--model", "moons", "--data", "moons", "--morph-from-label", "1"), "--morph-from-label needs --label");
    }

    @Test
    void recordShowsAFlowThenARunTimeMorph(@TempDir Path folder) throws Exception {
        Path frames = folder.resolve("morph");
        Result recorded = run("record", "--model", "moons", "--morph-to", "eight-gaussians", "--particles", "1000", "--steps", "5",
                "--size", "64", "--field", "exact", "--out", frames.toString());
        assertEquals(0, recorded.code(), recorded.err());
        assertEquals(6 + 10, Files.list(frames).count(), "the flow (t = 0..1), then the morph out and in");
        assertError(run("record", "--model", "moons", "--morph-to", "pawn", "--out", folder.resolve("x.gif").toString()),
                "has d = 3");
    }

    @Test
    void reflowMakesAFewStepModelAndRefusesBadInput(@TempDir Path folder) throws Exception {
        Path student = folder.resolve("r.fluxion");
        Result made = run("reflow", "--model", "eight-gaussians", "--pairs", "2048", "--teacher-steps", "4", "--steps", "30",
                "--width", "16", "--depth", "1", "--batch", "128", "--sample-steps", "1", "--out", student.toString());
        assertEquals(0, made.code(), made.err());
        Path csv = folder.resolve("s.csv");
        Result sampled = run("sample", "--model", student.toString(), "--n", "50", "--out", csv.toString());
        assertEquals(0, sampled.code(), sampled.err());
        assertTrue(sampled.out().contains("(euler, 1 steps: NFE 1)"), sampled.out());
        Path junk = folder.resolve("junk.fluxion");
        Files.writeString(junk, "not a model");
        String out = folder.resolve("o.fluxion").toString();
        assertError(run("reflow", "--model", junk.toString(), "--out", out), "junk.fluxion");
        assertError(run("reflow", "--model", "moons", "--sample-steps", "0", "--out", out), "1 <= sample steps <= 64");
        assertError(run("reflow", "--model", "moons", "--out", folder.resolve("none/o.fluxion").toString()), "does not exist");
        assertTrue(Files.notExists(Path.of(out)), "nothing written");
    }

    @Test
    void distillMakesAKStepModelAndRefusesBadInput(@TempDir Path folder) throws Exception {
        Path student = folder.resolve("d.fluxion");
        Result made = run("distill", "--model", "moons", "--steps", "2", "--points", "1024", "--teacher-steps", "4",
                "--train-steps", "20", "--batch", "128", "--out", student.toString());
        assertEquals(0, made.code(), made.err());
        Path csv = folder.resolve("s.csv");
        Result sampled = run("sample", "--model", student.toString(), "--n", "50", "--out", csv.toString());
        assertTrue(sampled.out().contains("(euler, 2 steps: NFE 2)"), sampled.out());
        String out = folder.resolve("o.fluxion").toString();
        assertError(run("distill", "--model", "moons", "--steps", "65", "--out", out), "--steps must be in 1..64");
        assertError(run("distill", "--model", "moons", "--steps", "0", "--out", out), "--steps must be in 1..64");
        Path junk = folder.resolve("junk.fluxion");
        Files.writeString(junk, "not a model");
        assertError(run("distill", "--model", junk.toString(), "--steps", "1", "--out", out), "junk.fluxion");
        assertError(run("distill", "--model", "moons", "--steps", "1", "--out", folder.resolve("none/o.fluxion").toString()),
                "does not exist");
        assertError(run("distill", "--model", "moons", "--steps", "1", "--guidance", "2", "--out", out),
                "--guidance needs a conditional teacher");
        assertTrue(Files.notExists(Path.of(out)), "nothing written");
        Path glyphs = folder.resolve("g.fluxion");
        Result conditional = run("distill", "--model", "glyphs", "--steps", "1", "--points", "1024", "--teacher-steps", "4",
                "--train-steps", "20", "--batch", "128", "--guidance", "1.5", "--out", glyphs.toString());
        assertEquals(0, conditional.code(), conditional.err());
        Result listed = run("models", glyphs.toString());
        assertTrue(listed.out().contains("43 labels"), "the student keeps the glyph classes: " + listed.out());
    }
}
