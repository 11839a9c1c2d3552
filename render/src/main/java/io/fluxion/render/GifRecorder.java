package io.fluxion.render;

import io.fluxion.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Records frames into an animated, looping GIF with the JDK's ImageIO. Frames are copied when
 * added; {@link #write} encodes them (call it off the render thread: encoding is slow) and
 * replaces the file atomically. Not thread-safe.
 */
public final class GifRecorder {

    private final List<BufferedImage> frames = new ArrayList<>();
    private final int delayCentiseconds;

    /**
     * @param frameMillis display time of each frame, 10 to 655 350 ms (GIF stores hundredths of a
     *                    second: it is rounded to the nearest 10 ms)
     * @throws IllegalArgumentException naming the value when it is outside that range
     */
    public GifRecorder(int frameMillis) {
        if (frameMillis < 10 || frameMillis > 655_350) {
            throw new IllegalArgumentException("frame time must be in [10, 655350] ms (GIF counts hundredths of a second), got "
                    + frameMillis);
        }
        this.delayCentiseconds = Math.round(frameMillis / 10f);
    }

    /** Adds a copy of the frame. */
    public void add(BufferedImage frame) {
        BufferedImage copy = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(frame, 0, 0, null);
        frames.add(copy);
    }

    public int frameCount() {
        return frames.size();
    }

    /** Writes the GIF to {@code file} (temporary file, then move). */
    public void write(Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IOException(file + ": no frames to write");
        }
        AtomicFiles.write(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.prepareWriteSequence(null);
                for (int k = 0; k < frames.size(); k++) {
                    BufferedImage frame = frames.get(k);
                    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                    configure(metadata, k == 0);
                    writer.writeToSequence(new IIOImage(frame, null, metadata), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private void configure(IIOMetadata metadata, boolean first) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // loop forever
            extensions.appendChild(loop);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
