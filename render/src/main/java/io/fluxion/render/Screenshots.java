package io.fluxion.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Saves images as PNG, atomically (temporary file, then move). Stateless. */
public final class Screenshots {

    private Screenshots() {
    }

    public static void savePng(BufferedImage image, Path file) throws IOException {
        io.fluxion.core.io.AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }
}
