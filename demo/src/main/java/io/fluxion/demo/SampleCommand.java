package io.fluxion.demo;

import io.fluxion.core.io.AtomicFiles;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.ode.OdeSolvers;
import io.fluxion.core.ode.TimeGrid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion sample}: draws samples from a model into a CSV or .npy file. */
@Command(name = "sample", description = "Draw samples from a model into FILE.csv or FILE.npy.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file (default: the bundled checkerboard)") Path modelFile;
    @Option(names = "--n", defaultValue = "10000") int count;
    @Option(names = "--solver", defaultValue = "rk4") String solver;
    @Option(names = "--steps", defaultValue = "25") int steps;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--out", required = true, description = "FILE.csv or FILE.npy") Path out;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + count);
        }
        String file = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!file.endsWith(".csv") && !file.endsWith(".npy")) {
            throw new IllegalArgumentException("--out " + out + ": must end in .csv or .npy");
        }
        Model model = modelFile != null ? ModelFiles.load(modelFile) : BundledModels.load(BundledModels.NAMES.get(0));
        float[] samples = model.sample(count, OdeSolvers.byName(solver), TimeGrid.uniform(steps), new SplittableRandom(seed));
        int d = model.dimension();
        if (file.endsWith(".npy")) {
            Npy.write(NpyArray.of(samples, count, d), out);
        } else {
            AtomicFiles.write(out, stream -> {
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < d; j++) {
                    text.append(j == 0 ? "" : ",").append("x").append(j);
                }
                text.append('\n');
                for (int i = 0; i < count; i++) {
                    for (int j = 0; j < d; j++) {
                        text.append(j == 0 ? "" : ",").append(samples[i * d + j]);
                    }
                    text.append('\n');
                }
                stream.write(text.toString().getBytes(StandardCharsets.UTF_8));
            });
        }
        spec.commandLine().getOut().printf("wrote %d samples of %s to %s%n", count, model.name(), out);
        return 0;
    }
}
