package io.fluxion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import io.fluxion.demo.show.BundledModels;
import io.fluxion.demo.show.ShownModel;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
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
        for (String name : BundledModels.NAMES) {
            assertTrue(result.out().contains(name), name + " listed: " + result.out());
        }
        for (String name : BundledModels.FEW_STEP) {
            assertTrue(result.out().contains(name), name + " listed: " + result.out());
        }
    }

    @Test
    void aBundledReflowedModelSamplesWithItsRecordedSteps(@TempDir Path folder) throws Exception {
        Path out = folder.resolve("fast.npy");
        Result result = run("sample", "--model", "moons-reflow", "--n", "200", "--out", out.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("(euler, 2 steps: NFE 2)"), "the file's two Euler steps are used: " + result.out());
        Path gif = folder.resolve("fast.gif");
        Result recorded = run("record", "--model", "moons-reflow", "--particles", "300", "--size", "48", "--out", gif.toString());
        assertEquals(0, recorded.code(), recorded.err());
        assertTrue(recorded.out().contains("3 frames of 300 particles (euler,"), "drawn in its two Euler steps: " + recorded.out());
        Result overridden = run("record", "--model", "moons-reflow", "--particles", "300", "--size", "48", "--steps", "5",
                "--out", gif.toString());
        assertTrue(overridden.out().contains("6 frames of 300 particles (euler,"), "--steps overrides: " + overridden.out());
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
    void sampleCarriesDataBackToNoiseAndAddsLogDensities(@TempDir Path folder) throws Exception {
        Path noise = folder.resolve("noise.npy");
        Result result = run("sample", "--model", "eight-gaussians", "--reverse", "--data", "eight-gaussians", "--n", "2000",
                "--steps", "20", "--log-density", "--out", noise.toString());
        assertEquals(0, result.code(), result.err());
        NpyArray table = Npy.read(noise);
        assertEquals(List.of(2000, 3), List.of(table.shape()[0], table.shape()[1]));
        float[] values = table.data();
        double sum = 0;
        double squares = 0;
        double logDensity = 0;
        for (int i = 0; i < 2000; i++) {
            for (int j = 0; j < 2; j++) {
                sum += values[3 * i + j];
                squares += values[3 * i + j] * values[3 * i + j];
            }
            logDensity += values[3 * i + 2];
        }
        double mean = sum / 4000;
        double variance = squares / 4000 - mean * mean;
        assertTrue(Math.abs(mean) < 0.1 && Math.abs(variance - 1) < 0.15, "back at N(0, I): mean " + mean + ", var " + variance);
        // eight separated Gaussians of σ 0.15 in 2-D: entropy log 8 + log(2πe·0.15²) = 1.12 nats; the model's mean
        // log p on data (minus its cross-entropy) can only be lower, up to sampling noise
        double meanLogDensity = logDensity / 2000;
        assertTrue(meanLogDensity < -1.12 + 0.1 && meanLogDensity > -1.12 - 0.3, "mean log p " + meanLogDensity);

        Path csv = folder.resolve("with-density.csv");
        assertEquals(0, run("sample", "--n", "20", "--steps", "8", "--log-density", "--out", csv.toString()).code());
        assertEquals("x0,x1,log_density", Files.readAllLines(csv).get(0));
    }

    @Test
    void sampleRejectsBadArguments(@TempDir Path folder) {
        assertError(run("sample", "--reverse", "--out", folder.resolve("s.csv").toString()), "--reverse needs --data");
        assertError(run("sample", "--data", "moons", "--out", folder.resolve("s.csv").toString()), "only used with --reverse");
        assertError(run("sample", "--model", "moons", "--reverse", "--data", "nebula", "--out",
                folder.resolve("s.csv").toString()), "unknown data set 'nebula'");
        assertError(run("sample", "--out", folder.resolve("s.txt").toString()), "must end in .csv or .npy");
        assertError(run("sample", "--model", folder.resolve("missing.fluxion").toString(), "--out",
                folder.resolve("s.csv").toString()), "no such file");
        assertError(run("sample", "--n", "0", "--out", folder.resolve("s.csv").toString()), "--n must be in [1, 16777216], got 0");
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
        java.util.regex.Matcher quality = java.util.regex.Pattern.compile(
                "quality after [0-9.]+ s of training: W2 ([0-9.]+) x the data-vs-data floor").matcher(result.out());
        assertTrue(quality.find(), "time to quality printed: " + result.out());
        assertTrue(Double.parseDouble(quality.group(1)) > 1.5, "20 steps of a 16-wide net are far from the data: " + result.out());
        Model model = ModelFiles.load(file);
        assertEquals("moons", model.name());
        assertEquals("20", model.metadata().get("steps"));
        assertEquals(640, ImageIO.read(folder.resolve("moons-loss.png").toFile()).getWidth(), "loss curve");
        assertEquals(800, ImageIO.read(folder.resolve("moons-samples.png").toFile()).getWidth(), "samples beside data");
    }

    @Test
    void trainRejectsBadArguments(@TempDir Path folder) throws Exception {
        String out = folder.resolve("m.fluxion").toString();
        assertError(run("train", "--data", "nebula", "--out", out), "unknown data set 'nebula'");
        assertError(run("train", "--data", folder.resolve("none.csv").toString(), "--out", out), "no such file");
        Path ragged = folder.resolve("ragged.csv");
        Files.writeString(ragged, "1,2\n3\n");
        assertError(run("train", "--data", ragged.toString(), "--out", out), "ragged.csv:2: expected 2 columns, found 1");
        assertError(run("train", "--data", "moons", "--coupling", "greedy", "--out", out), "unknown coupling 'greedy'");
        assertError(run("train", "--data", "moons", "--steps", "0", "--out", out), "steps must be in [1, 100000000], got 0");
        assertError(run("train", "--data", "moons", "--schedule", "warp", "--out", out), "unknown schedule 'warp'");
        assertTrue(Files.notExists(Path.of(out)), "nothing written on error");
    }

    @Test
    void showRendersAGifAndAPngHeadless(@TempDir Path folder) throws Exception {
        Path gif = folder.resolve("flow.gif");
        Result result = run("show", "--particles", "2000", "--steps", "5", "--size", "96", "--out", gif.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("rendering headless"), result.out());
        assertTrue(result.out().contains("llvmpipe") || result.out().contains("OpenGL"), "drawn with GL: " + result.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(6 + 12, reader.getNumImages(true), "one frame per step, the start, and 12 held at the end");
            assertEquals(96, reader.read(0).getWidth());
        }
        assertTrue(ImageIO.read(folder.resolve("flow.png").toFile()).getWidth() == 96);
        assertEquals(0, run("show", "--data", "eight-gaussians", "--particles", "500", "--steps", "3", "--size", "32",
                "--out", folder.resolve("eight.gif").toString()).code());
    }

    /** The bundled checkerboard model, through the stream, the GL renderer and the PNG: light lands on the filled squares. */
    @Test
    void showOfTheBundledCheckerboardPutsItsLightOnTheFilledSquares(@TempDir Path folder) throws Exception {
        Path gif = folder.resolve("board.gif");
        Result result = run("show", "--particles", "20000", "--steps", "20", "--size", "256", "--no-hud", "--out", gif.toString());
        assertEquals(0, result.code(), result.err());
        BufferedImage image = ImageIO.read(folder.resolve("board.png").toFile());
        double halfHeight = ShownModel.bundled("checkerboard").viewHalfHeight();
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
        Model model = ShownModel.bundled("checkerboard").model();
        float[] samples = model.sample(20_000, OdeSolvers.heun(), TimeGrid.uniform(20), new SplittableRandom(7));
        int samplesInside = 0;
        for (int i = 0; i < 20_000; i++) {
            samplesInside += Datasets.inCheckerboard(samples[2 * i], samples[2 * i + 1]) ? 1 : 0;
        }
        double modelShare = samplesInside / 20_000.0;
        System.out.printf("bundled checkerboard: %.3f of the light in the filled squares; %.3f of its samples%n",
                inside / all, modelShare);
        // the renderer is held to 90 % on exact data (ParticleRendererTest); here it must show the model faithfully
        assertTrue(inside / all >= 0.85, "share of light in filled squares: " + inside / all);
        assertTrue(Math.abs(inside / all - modelShare) < 0.05, "light follows the samples: " + inside / all + " vs " + modelShare);
    }

    @Test
    void showOnTheGpuRendersTheFlowFromComputeShaders(@TempDir Path folder) throws Exception {
        Path gif = folder.resolve("gpu.gif");
        Result result = run("show", "--gpu", "--model", "moons", "--particles", "2000", "--steps", "5", "--size", "64",
                "--out", gif.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("on the GPU"), result.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(6, reader.getNumImages(true), "the start and one frame per step");
        }
        // an exact Gaussian-mixture field has no network: it is baked for the GPU
        assertEquals(0, run("show", "--gpu", "--data", "eight-gaussians", "--particles", "500", "--steps", "2", "--size", "32",
                "--out", folder.resolve("eight.gif").toString()).code());
        assertError(run("show", "--gpu", "--particles", "0", "--out", gif.toString()), "--particles must be in");
    }

    @Test
    void showFallsBackToThePureJavaRendererWithoutOpenGl(@TempDir Path folder) throws Exception {
        System.setProperty("fluxion.noGl", "true");
        try {
            Path gif = folder.resolve("soft.gif");
            Result result = run("show", "--particles", "1000", "--steps", "3", "--size", "64", "--out", gif.toString());
            assertEquals(0, result.code(), result.err());
            assertTrue(result.out().contains("pure-Java renderer"), result.out());
            BufferedImage last = ImageIO.read(folder.resolve("soft.png").toFile());
            long lit = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    lit += (last.getRGB(x, y) & 0xffffff) != 0 ? 1 : 0;
                }
            }
            assertTrue(lit > 100, "the fallback drew particles: " + lit + " lit pixels");
        } finally {
            System.clearProperty("fluxion.noGl");
        }
    }

    @Test
    void showRejectsBadArguments(@TempDir Path folder) {
        String out = folder.resolve("x.gif").toString();
        assertError(run("show", "--data", "moons", "--out", out), "only Gaussian mixtures");
        assertError(run("show", "--particles", "0", "--out", out), "--particles must be in");
        assertError(run("show", "--model", folder.resolve("none.fluxion").toString(), "--out", out), "no such file");
        assertError(run("show", "--solver", "leapfrog", "--out", out), "unknown solver");
        assertError(run("show", "--model", "checkerboard", "--data", "eight-gaussians", "--out", out), "not both");
    }

    @Test
    void recordWritesAGifOrAPngSequence(@TempDir Path folder) throws Exception {
        Path gif = folder.resolve("moons.gif");
        Result result = run("record", "--model", "moons", "--particles", "3000", "--steps", "4", "--size", "64",
                "--trails", "--out", gif.toString());
        assertEquals(0, result.code(), result.err());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true));
        }
        Path frames = folder.resolve("frames");
        assertEquals(0, run("record", "--model", "flower", "--particles", "2000", "--steps", "3", "--size", "48",
                "--out", frames.toString()).code());
        for (int k = 0; k < 4; k++) {
            assertEquals(48, ImageIO.read(frames.resolve(String.format("frame-%04d.png", k)).toFile()).getWidth());
        }
        assertTrue(Files.notExists(frames.resolve("frame-0004.png")));
    }

    @Test
    void recordRejectsBadArguments(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("plain.txt");
        Files.writeString(file, "x");
        assertError(run("record", "--out", file.toString()), "not a folder");
        assertError(run("record", "--colour", "plaid", "--out", folder.resolve("a.gif").toString()), "unknown --colour 'plaid'");
        assertError(run("record", "--palette", "neon", "--out", folder.resolve("a.gif").toString()), "unknown palette 'neon'");
        assertError(run("record", "--steps", "0", "--out", folder.resolve("a.gif").toString()), "--steps must be in [1, 1000000], got 0");
    }

    @Test
    void evalPrintsTheMetrics() {
        Result result = run("eval", "--model", "eight-gaussians", "--data", "eight-gaussians", "--n", "300",
                "--nll-points", "100", "--steps", "10");
        assertEquals(0, result.code(), result.err());
        for (String figure : List.of("W2 samples-data", "W2 data-data", "W2 ratio", "sliced W2", "MMD^2", "NLL", "NFE per sample")) {
            assertTrue(result.out().contains(figure), figure + " in: " + result.out());
        }
        double ratio = Double.parseDouble(result.out().lines().filter(l -> l.startsWith("W2 ratio"))
                .findFirst().orElseThrow().substring("W2 ratio".length()).strip());
        assertTrue(ratio > 0.5 && ratio < 2, "the bundled model is close to its data: " + ratio);
        assertTrue(result.out().contains("exact divergence"), result.out());
    }

    @Test
    void benchAndModelsRejectBadArguments() {
        assertError(run("bench", "--only", "W9"), "--only W9: unknown workload");
        assertError(run("bench", "--repeats", "0"), "--repeats and --w1-steps must be >= 1");
        assertTrue(run("models", "--colour").code() != 0, "unknown option");
    }

    @Test
    void evalRejectsBadArguments() {
        assertError(run("eval", "--data", "nebula"), "unknown data set 'nebula'");
        assertError(run("eval", "--data", "moons", "--n", "1"), "--n must be in");
        assertError(run("eval", "--model", "nothing-here.fluxion", "--data", "moons"), "no such file");
        assertTrue(run("eval").code() != 0, "missing --data");
    }

    /** In a JVM of 64 MB, a 3 000-wide net (36 MB of weights, copied) cannot be made: one line, exit code 1, nothing written. */
    @Test
    void anOutOfMemoryErrorIsOneLineAndExitCodeOne(@TempDir Path folder) throws Exception {
        Path model = folder.resolve("huge.fluxion");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Fluxion.class.getName(),
                "train", "--data", "moons", "--width", "3000", "--depth", "2", "--steps", "2", "--out", model.toString())
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.waitFor(), out + err);
        String errors = err.lines().filter(line -> !line.strip().startsWith("[")).collect(Collectors.joining("\n"));
        assertError(new Result(1, out, errors), "out of memory"); // the progress bar's line aside
        assertTrue(!Files.exists(model), "nothing written");
    }

    /** A usage error is one line with exit code 2: what is wrong, the likely name, where the usage is. */
    @Test
    void usageErrorsAreOneLineAndExitCodeTwo() {
        Result misspelt = run("shw");
        assertEquals(2, misspelt.code());
        assertEquals("fluxion: Unmatched argument at index 0: 'shw'; did you mean show? (fluxion --help for usage)",
                misspelt.err().strip());
        Result missing = run("train", "--data", "moons");
        assertEquals(2, missing.code());
        assertEquals("fluxion: Missing required option: '--out=<out>' (fluxion train --help for usage)", missing.err().strip());
        Result option = run("sample", "--n", "10", "--stepz", "3", "--out", "s.csv");
        assertEquals(2, option.code());
        assertTrue(option.err().strip().lines().count() == 1 && option.err().contains("did you mean --steps?"), option.err());
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String command : List.of("show", "train", "sample", "eval", "record", "models", "export", "reflow", "distill", "serve", "bench",
                "soak")) {
            Result help = run(command, "--help");
            assertEquals(0, help.code(), command + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: fluxion " + command), help.out());
            assertTrue(help.out().contains("--verbose"), command + " takes --verbose: " + help.out());
            List<String> examples = help.out().lines().dropWhile(line -> !line.equals("Examples:")).skip(1)
                    .map(String::strip).filter(line -> line.startsWith("fluxion ")).toList();
            assertTrue(!examples.isEmpty(), command + " help has examples: " + help.out());
            for (String example : examples) {
                // each example parses: its options exist and their values convert
                Fluxion.commandLine(example.substring("fluxion ".length()).split(" "))
                        .parseArgs(example.substring("fluxion ".length()).split(" "));
            }
            Result version = run(command, "--version");
            assertEquals("fluxion 0.1.0", version.out().strip(), command);
        }
        assertTrue(run().out().contains("Commands:"), "fluxion alone lists the commands");
    }

    /** The launcher as a user runs it: it relaunches itself with the Vector API module, and says nothing it need not. */
    @Test
    void theLauncherPrintsNoNoise() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Fluxion.class.getName(), "models").start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        assertTrue(out.startsWith("checkerboard"), out);
        assertEquals("", err, "no incubator warning, no SLF4J lines");
    }

    /**
     * A drawing command run by the launcher from a class path of folders (this test's, an IDE's)
     * runs without a class-data archive: the JVM would refuse to start if asked to write one.
     */
    @Test
    void theLauncherRunsDrawingCommandsFromFolders(@TempDir Path folder) throws Exception {
        Path cache = folder.resolve("cache");
        {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Fluxion.class.getName(),
                    "record", "--particles", "50", "--steps", "2", "--size", "32", "--out", folder.resolve("r.gif").toString());
            builder.environment().put("XDG_CACHE_HOME", cache.toString());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), out + err);
            assertEquals("", err);
            assertTrue(out.contains("3 frames of 50 particles"), out);
            assertTrue(!Files.exists(cache.resolve("fluxion")), "no archive");
        }
    }

    /**
     * SIGINT to the launcher alone (a {@code kill -INT}, a service manager) while a command writes
     * file after file: the relaunched JVM stops too, and no temporary file is left behind.
     */
    @Test
    void sigintStopsTheRelaunchedJvmAndLeavesNoTemporaryFile(@TempDir Path folder) throws Exception {
        Path frames = folder.resolve("frames");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Fluxion.class.getName(),
                "record", "--particles", "50", "--steps", "20000", "--size", "64", "--out", frames.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (frameFiles(frames) < 20 && System.nanoTime() < deadline && launcher.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(frameFiles(frames) >= 20, "frames are being written");
            List<ProcessHandle> relaunched = launcher.descendants().toList();
            assertEquals(1, relaunched.size(), "the launcher relaunched one JVM");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor());
            assertTrue(launcher.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the launcher stopped");
            assertTrue(relaunched.get(0).onExit().get(20, java.util.concurrent.TimeUnit.SECONDS) != null
                    && !relaunched.get(0).isAlive(), "the relaunched JVM stopped with it");
            long written = frameFiles(frames);
            Thread.sleep(500);
            assertEquals(written, frameFiles(frames), "nothing writes any more");
            try (var files = Files.list(frames)) {
                assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".tmp")), "no temporary file left");
            }
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static long frameFiles(Path frames) throws java.io.IOException {
        if (!Files.isDirectory(frames)) {
            return 0;
        }
        try (var files = Files.list(frames)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".png")).count();
        }
    }

    @Test
    void errorsAreOneLineUnlessVerbose(@TempDir Path folder) {
        Result quiet = run("eval", "--model", folder.resolve("missing.fluxion").toString(), "--data", "moons");
        assertError(quiet, "no such file");
        Result verbose = run("eval", "--verbose", "--model", folder.resolve("missing.fluxion").toString(), "--data", "moons");
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "a stack trace with --verbose: " + verbose.err());
    }

    /** One rule for every output: the file (or PNG folder) is made, the folder it goes in must exist. */
    @Test
    void outputsGoIntoFoldersThatExist(@TempDir Path folder) throws Exception {
        Path missing = folder.resolve("not-there").resolve("s.csv");
        assertError(run("sample", "--n", "10", "--out", missing.toString()), "folder " + missing.getParent() + " does not exist");
        assertTrue(!Files.exists(missing.getParent()), "no folder made");
        Path folderNamedCsv = Files.createDirectory(folder.resolve("named.csv"));
        assertError(run("sample", "--n", "10", "--out", folderNamedCsv.toString()), "it is a folder");
        Path file = Files.writeString(folder.resolve("plain.txt"), "x");
        assertError(run("sample", "--n", "10", "--out", file.resolve("s.npy").toString()), file + " is not a folder");
        assertError(run("train", "--data", "moons", "--steps", "2", "--out", missing.resolveSibling("m.fluxion").toString()),
                "does not exist");
        assertError(run("record", "--particles", "100", "--steps", "2", "--size", "32",
                "--out", folder.resolve("a").resolve("frames").toString()), "does not exist");
        try (var leftovers = Files.list(folder)) {
            assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** Sizes a user controls are checked before anything is allocated, with the limit in the message. */
    @Test
    void sizesAreLimitedBeforeAllocation(@TempDir Path folder) {
        String out = folder.resolve("s.csv").toString();
        assertError(run("sample", "--n", "2000000000", "--out", out), "--n must be in [1, 16777216], got 2000000000");
        assertError(run("sample", "--n", "10", "--steps", "2000000000", "--out", out), "steps must be in [1, 1000000]");
        assertError(run("record", "--particles", "2000000000", "--out", folder.resolve("r.gif").toString()),
                "--particles must be in 1..16777216, got 2000000000");
        assertError(run("record", "--size", "100000", "--out", folder.resolve("frames").toString()),
                "--size must be in 16..8192, got 100000");
        assertTrue(!Files.exists(folder.resolve("frames")), "refused before the output folder is made");
        assertError(run("train", "--data", "moons", "--batch", "2000000000", "--out", folder.resolve("m.fluxion").toString()),
                "batchSize must be in [1, 65536]");
        assertError(run("train", "--data", "moons", "--width", "200000", "--out", folder.resolve("m.fluxion").toString()),
                "more than the limit of 134,217,728");
        assertError(run("train", "--data", "text:" + "A".repeat(100_000), "--out", folder.resolve("m.fluxion").toString()),
                "100000 characters, more than the limit of 200");
        assertError(run("record", "--frame-ms", "-5", "--out", folder.resolve("r.gif").toString()),
                "--frame-ms must be in [10, 655350]");
    }
}
