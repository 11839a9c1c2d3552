package io.fluxion.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.data.DataFormatException;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.nn.GuidedField;
import io.fluxion.core.nn.MlpArchitecture;
import io.fluxion.core.nn.MlpParameters;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional models: labels in training, classes and guidance in sampling, labels in model files. */
class ConditionalTrainingTest {

    /** Two classes: a blob at (−3, 0) and one at (3, 0), σ 0.3. */
    static LabelledSource twoBlobs() {
        PointSource left = Datasets.gaussianMixture(new double[] {1}, new double[][] {{-3, 0}}, new double[] {0.3});
        PointSource right = Datasets.gaussianMixture(new double[] {1}, new double[][] {{3, 0}}, new double[] {0.3});
        return Datasets.labelled("blobs", List.of("left", "right"), List.of(left, right));
    }

    private static double meanX(float[] samples, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += samples[2 * i];
        }
        return sum / n;
    }

    @Test
    void aConditionalModelSamplesTheClassItIsAskedFor(@TempDir Path folder) throws IOException {
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(600).seed(3)
                .reportEvery(600).build();
        Model model = CfmTrainer.train(twoBlobs(), config).blockLast().model();
        assertEquals(List.of("left", "right"), model.labelNames());
        assertEquals(2, MlpVelocityField.of(model.field()).orElseThrow().architecture().labels());
        int n = 2000;
        for (int label = 0; label < 2; label++) {
            float[] samples = model.conditioned(label, 1).sample(n, OdeSolvers.rk4(), TimeGrid.uniform(20),
                    new SplittableRandom(label));
            double mean = meanX(samples, n);
            System.out.printf("class %d: mean x %.3f%n", label, mean);
            assertEquals(label == 0 ? -3 : 3, mean, 0.5, "class " + label);
        }
        float[] unconditional = model.conditioned(MlpArchitecture.NULL_LABEL, 1).sample(n, OdeSolvers.rk4(),
                TimeGrid.uniform(20), new SplittableRandom(9));
        int leftShare = 0;
        for (int i = 0; i < n; i++) {
            leftShare += unconditional[2 * i] < 0 ? 1 : 0;
        }
        assertEquals(0.5, leftShare / (double) n, 0.1, "the null label gives both classes");

        Path file = folder.resolve("blobs.fluxion");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(List.of("left", "right"), loaded.labelNames());
        float[] again = loaded.conditioned(1, 2.0).sample(200, OdeSolvers.euler(), TimeGrid.uniform(8), new SplittableRandom(1));
        float[] before = model.conditioned(1, 2.0).sample(200, OdeSolvers.euler(), TimeGrid.uniform(8), new SplittableRandom(1));
        assertArrayEquals(before, again, 1e-5f, "the saved model samples the same");
    }

    @Test
    void guidanceIsOneBatchedPassOfBothBranchesAndScaleOneIsOneBranch() {
        MlpArchitecture architecture = new MlpArchitecture(2, 32, 2, io.fluxion.core.nn.Activation.SILU, 0, 3);
        try (MlpVelocityField net = new MlpVelocityField(MlpParameters.initialise(architecture, 5))) {
            int n = 50;
            float[] x = io.fluxion.core.data.Noise.standardNormal(2 * n, 4);
            float[] labelled = new float[2 * n];
            float[] unconditional = new float[2 * n];
            int[] twos = new int[n];
            java.util.Arrays.fill(twos, 2);
            net.evaluate(x, n, 0.4f, twos, labelled);
            net.evaluate(x, n, 0.4f, new int[n], new float[2 * n]); // class 0: a different field
            int[] nulls = new int[n];
            java.util.Arrays.fill(nulls, MlpArchitecture.NULL_LABEL);
            net.evaluate(x, n, 0.4f, nulls, unconditional);
            float[] plain = new float[2 * n];
            net.evaluate(x, n, 0.4f, plain);
            assertArrayEquals(unconditional, plain, 1e-6f, "no labels = the null label");

            GuidedField guided = new GuidedField(net, 2, 3.0);
            assertEquals(2, guided.evaluationsPerParticle());
            float[] out = new float[2 * n];
            guided.evaluate(x, n, 0.4f, out);
            for (int k = 0; k < 2 * n; k++) {
                assertEquals(unconditional[k] + 3 * (labelled[k] - unconditional[k]), out[k], 1e-4f);
            }
            GuidedField plainClass = new GuidedField(net, 2, 1.0);
            assertEquals(1, plainClass.evaluationsPerParticle());
            plainClass.evaluate(x, n, 0.4f, out);
            assertArrayEquals(labelled, out, 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> new GuidedField(net, 3, 1.0));
            assertThrows(IllegalArgumentException.class, () -> net.evaluate(x, n, 0.4f, new int[] {7}, out));
        }
    }

    @Test
    void labelledFilesAreCheckedRowByRow(@TempDir Path folder) throws IOException {
        Path good = folder.resolve("good.csv");
        Files.writeString(good, "x,y,label\n0,0,0\n1,1,1\n2,2,1\n");
        LabelledSource source = Datasets.labelledFile(good);
        assertEquals(List.of("0", "1"), source.labelNames());
        assertEquals(2, source.dimension());
        assertEquals(1, source.labelOf("1"));
        assertThrows(IllegalArgumentException.class, () -> source.labelOf("5"));
        for (String[] bad : new String[][] {
            {"0,0,0\n1,1,1.5\n", "row 2: the label (last column) must be a whole number"},
            {"0,0,0\n1,1,-1\n", "row 2: the label"},
            {"0,0,0\n1,1,0\n", "a labelled set needs at least two classes"},
            {"0,0,0\n1,1,2\n", "class 1 has no points"},
        }) {
            Path file = folder.resolve("bad.csv");
            Files.writeString(file, bad[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.labelledFile(file));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void oneEmitterHoldsParticlesOfSeveralClasses() {
        TrainingConfig config = TrainingConfig.builder().width(64).depth(2).batchSize(256).steps(600).seed(3)
                .reportEvery(600).build();
        Model model = CfmTrainer.train(twoBlobs(), config).blockLast().model();
        io.fluxion.core.stream.EmitterSpec spec = io.fluxion.core.stream.EmitterSpec.builder().maxParticles(4000)
                .spawnRate(1500).flowSeconds(0.2).frameSeconds(0.02).atEnd(io.fluxion.core.stream.EmitterSpec.AtEnd.HOLD)
                .holdSeconds(2).solver(io.fluxion.core.stream.EmitterSpec.FrameSolver.HEUN)
                .classes(new io.fluxion.core.stream.ClassMix(new int[] {0, 1}, new double[] {3, 1}, 1.0)).seed(4).build();
        int[] sides = new int[2];
        int[] agreeing = new int[1];
        io.fluxion.core.stream.ParticleStreams.emitter(reactor.core.publisher.Mono.just(model), spec).take(40).last()
                .doOnNext(frame -> {
                    for (int i = 0; i < frame.count(); i++) {
                        int side = frame.positions().get(2 * i) < 0 ? 0 : 1;
                        sides[side]++;
                        agreeing[0] += frame.labels().get(i) == side ? 1 : 0;
                    }
                    frame.release();
                }).block(java.time.Duration.ofSeconds(30));
        double leftShare = sides[0] / (double) (sides[0] + sides[1]);
        System.out.printf("one emitter, classes 0 and 1 at 3:1: %.3f on the left%n", leftShare);
        assertEquals(0.75, leftShare, 0.05, "three quarters of the particles are class 0 (left)");
        assertTrue(agreeing[0] > 0.95 * (sides[0] + sides[1]), "each frame names every particle's class: " + agreeing[0]
                + " of " + (sides[0] + sides[1]) + " on their class's side");
        Model plain = CfmTrainer.train(Datasets.moons(), TrainingConfig.builder().width(16).depth(1).batchSize(64).steps(5)
                .build()).blockLast().model();
        assertThrows(IllegalArgumentException.class, () -> io.fluxion.core.stream.ParticleStreams.emitter(
                reactor.core.publisher.Mono.just(plain), spec).take(1).blockLast(java.time.Duration.ofSeconds(10)));
    }

    @Test
    void aFolderOfPicturesIsOneClassPerFile(@TempDir Path folder) throws IOException {
        for (String name : new String[] {"ring", "bar"}) {
            java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = picture.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 32, 32);
            g.setColor(java.awt.Color.BLACK);
            if (name.equals("ring")) {
                g.drawOval(4, 4, 24, 24);
            } else {
                g.fillRect(14, 2, 4, 28);
            }
            g.dispose();
            javax.imageio.ImageIO.write(picture, "png", folder.resolve(name + ".png").toFile());
        }
        Files.writeString(folder.resolve("notes.txt"), "not a picture");
        LabelledSource pictures = (LabelledSource) Datasets.byName(folder.toString());
        assertEquals(List.of("bar", "ring"), pictures.labelNames());
        assertEquals(2, pictures.dimension());
        Files.delete(folder.resolve("ring.png"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.byName(folder.toString()));
        assertTrue(e.getMessage().contains("1 picture; a labelled set of pictures needs at least two"), e.getMessage());
    }
}
