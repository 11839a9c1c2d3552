package io.fluxion.render;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_BGRA;
import static org.lwjgl.opengl.GL12.GL_UNSIGNED_INT_8_8_8_8_REV;

import io.fluxion.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.imageio.ImageIO;
import org.lwjgl.system.MemoryUtil;

/**
 * Reads a context's surface back into an image (on the render thread: one glReadPixels) and
 * saves images as PNG atomically (temporary file, then move), directly or off the render thread.
 */
public final class Screenshots {

    private Screenshots() {
    }

    /**
     * Reads the context's surface (width × height RGB, top row first) into a new image.
     * Render thread only; the surface is bound for reading first.
     */
    public static BufferedImage read(GlContext context) {
        context.checkThread();
        context.bindSurface();
        int width = context.width();
        int height = context.height();
        IntBuffer pixels = MemoryUtil.memAllocInt(width * height);
        try {
            glPixelStorei(GL_PACK_ALIGNMENT, 4);
            // BGRA as 8_8_8_8_REV is one packed ARGB int per pixel: Java's own layout, no per-byte work
            glReadPixels(0, 0, width, height, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, pixels);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < height; y++) {
                pixels.get(y * width, rgb, (height - 1 - y) * width, width);
            }
            return image;
        } finally {
            MemoryUtil.memFree(pixels);
        }
    }

    public static void savePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }

    /** Encodes and saves on {@code executor} (PNG encoding takes ~200 ms at 1024²: keep it off the GL thread). */
    public static CompletableFuture<Path> savePngAsync(BufferedImage image, Path file, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                savePng(image, file);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }
}
