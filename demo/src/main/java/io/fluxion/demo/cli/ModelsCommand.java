package io.fluxion.demo.cli;

import io.fluxion.core.model.Model;
import io.fluxion.core.nn.MlpVelocityField;
import io.fluxion.demo.show.BundledModels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code fluxion models}: lists the bundled models. */
@Command(name = "models", description = "List the bundled models.")
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String name : BundledModels.NAMES) {
            Model model = BundledModels.load(name);
            String architecture = MlpVelocityField.of(model.field()).map(network -> network.architecture().toString())
                    .orElse(model.field().toString());
            spec.commandLine().getOut().printf("%-14s d=%d  %s  %s  trained %s steps%n", name, model.dimension(),
                    model.schedule().describe(), architecture, model.metadata().getOrDefault("steps", "?"));
        }
        return 0;
    }
}
