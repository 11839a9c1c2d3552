package io.fluxion.demo.cli;

import io.fluxion.core.data.LabelledSource;
import io.fluxion.core.model.Model;
import io.fluxion.demo.show.ShownModel;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --label} and {@code --guidance}: one class of a conditional model, with classifier-free guidance. */
final class LabelOptions {

    @Option(names = "--label", description = "a conditional model's class, by name or number (see fluxion models)")
    String label;

    @Option(names = "--guidance", defaultValue = "1",
            description = "classifier-free guidance scale with --label (1: the class's own field; above 1 sharper classes)")
    double guidance;

    /** The model for the chosen class, or the model itself when no label is given. */
    Model apply(Model model) {
        if (label == null) {
            if (guidance != 1) {
                throw new IllegalArgumentException("--guidance needs --label");
            }
            return model;
        }
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("--guidance must be a finite number, got " + guidance);
        }
        List<String> names = model.labelNames();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--label: model " + model.name() + " is not conditional (it was trained "
                    + "without labels)");
        }
        return model.conditioned(labelOf(names, label, model.name()), guidance);
    }

    /** The same shown model for the chosen class (no hot reload: the class's field is made from one load). */
    ShownModel apply(ShownModel shown) {
        if (label == null && guidance == 1) {
            return shown;
        }
        Model model = apply(shown.model());
        return new ShownModel(model, null, shown.colours(), ShownModel.viewHalfHeight(model));
    }

    /** {@link LabelledSource#labelOf(List, String, String)}, its message marked as the option's. */
    static int labelOf(List<String> names, String label, String owner) {
        try {
            return LabelledSource.labelOf(names, label, owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--label: " + e.getMessage(), e);
        }
    }
}
