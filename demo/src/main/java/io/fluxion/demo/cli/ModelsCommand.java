package io.fluxion.demo.cli;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.demo.show.BundledModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fluxion models [FILE...]}: lists the bundled models, or describes model files; a conditional model's classes too. */
@Command(name = "models", description = "List the bundled models, or describe model files (with a conditional model's classes).",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion models",
            "  fluxion models moons.fluxion classes.fluxion"})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "model files to describe (default: the bundled models)")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (files == null || files.isEmpty()) {
            for (String name : BundledModels.NAMES) {
                describe(out, name, BundledModels.load(name));
            }
            for (String name : BundledModels.CONDITIONAL) {
                describe(out, name, BundledModels.load(name));
            }
            for (String name : BundledModels.FEW_STEP) {
                describe(out, name, BundledModels.load(name));
            }
        } else {
            for (Path file : files) {
                describe(out, file.toString(), ModelFiles.load(file));
            }
        }
        return 0;
    }

    private static void describe(PrintWriter out, String name, Model model) {
        String architecture = MlpVelocityField.of(model.field()).map(network -> network.architecture().toString())
                .orElse(model.field().toString());
        out.printf("%-14s d=%d  %s  %s  trained %s steps%n", name, model.dimension(),
                model.schedule().describe(), architecture, model.metadata().getOrDefault("steps", "?"));
        List<String> labels = model.labelNames();
        if (!labels.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < labels.size(); k++) {
                line.append(k == 0 ? "" : ", ").append(k).append(' ').append(labels.get(k));
            }
            out.printf("%-14s %d labels: %s%n", "", labels.size(), line);
        }
    }
}
