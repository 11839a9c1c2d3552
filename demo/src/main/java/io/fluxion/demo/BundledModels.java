package io.fluxion.demo;

import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The models shipped inside the jar under {@code /models/NAME.fluxion}, trained by Fluxion's
 * own trainer. Regenerate one with, for example:
 * {@code fluxion train --data checkerboard --width 256 --depth 4 --steps 8000 --batch 2048 --lr 1e-3
 * --out demo/src/main/resources/models/checkerboard.fluxion} (seed 0; about 8 minutes on 2 cores).
 */
final class BundledModels {

    /** The bundled model names, the default first. */
    static final List<String> NAMES = List.of("checkerboard");

    private BundledModels() {
    }

    static Model load(String name) throws IOException {
        try (InputStream in = BundledModels.class.getResourceAsStream("/models/" + name + ".fluxion")) {
            if (in == null) {
                throw new IOException("no bundled model '" + name + "' (bundled: " + String.join(", ", NAMES) + ")");
            }
            return ModelFiles.load(in.readAllBytes(), "bundled:" + name);
        }
    }
}
