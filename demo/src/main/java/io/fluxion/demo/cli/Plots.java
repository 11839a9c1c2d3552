package io.fluxion.demo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Training reports drawn with Java2D: the loss curve, and samples beside the data. Stateless. */
final class Plots {

    private static final Color BACKGROUND = new Color(18, 18, 24);
    private static final Color AXIS = new Color(150, 150, 160);

    private Plots() {
    }

    /** Loss against step, log-scaled loss axis when it spans more than a decade; steps[k], losses[k] for k < count. */
    static BufferedImage lossCurve(int[] steps, double[] losses, int count, String title) {
        int width = 640;
        int height = 400;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            if (Double.isFinite(losses[k]) && losses[k] > 0) {
                min = Math.min(min, losses[k]);
                max = Math.max(max, losses[k]);
            }
        }
        if (!(max > 0)) {
            min = 1;
            max = 10;
        }
        boolean logScale = max / min > 10;
        double low = logScale ? Math.log10(min) : Math.min(0, min);
        double high = logScale ? Math.log10(max) : max * 1.05;
        int lastStep = count == 0 ? 1 : Math.max(1, steps[count - 1]);
        g.setColor(AXIS);
        g.drawRect(left, top, width - left - right, height - top - bottom);
        g.drawString(title, left, 25);
        g.drawString("step", width / 2, height - 12);
        g.drawString(String.format(Locale.ROOT, "%.3g", logScale ? Math.pow(10, high) : high), 5, top + 5);
        g.drawString(String.format(Locale.ROOT, "%.3g", logScale ? Math.pow(10, low) : low), 5, height - bottom);
        g.drawString(Integer.toString(lastStep), width - right - 40, height - bottom + 18);
        g.setColor(new Color(255, 150, 60));
        g.setStroke(new BasicStroke(1.5f));
        int previousX = -1;
        int previousY = -1;
        for (int k = 0; k < count; k++) {
            if (!(Double.isFinite(losses[k]) && losses[k] > 0)) {
                continue;
            }
            double value = logScale ? Math.log10(losses[k]) : losses[k];
            int x = left + (int) ((long) (width - left - right) * steps[k] / lastStep);
            int y = height - bottom - (int) ((height - top - bottom) * (value - low) / Math.max(1e-12, high - low));
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            previousX = x;
            previousY = y;
        }
        g.dispose();
        return image;
    }

    /** Two square panels, samples (left) and data (right), 2-D points [n, 2] over [−extent, extent]². */
    static BufferedImage samplesBesideData(float[] samples, float[] data, int n, double extent, String title) {
        int panel = 400;
        BufferedImage image = new BufferedImage(2 * panel, panel + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        g.setColor(AXIS);
        g.drawString(title + " — model samples", 10, 20);
        g.drawString("data", panel + 10, 20);
        scatter(image, samples, n, extent, 0, 30, panel, new Color(255, 170, 80).getRGB());
        scatter(image, data, n, extent, panel, 30, panel, new Color(120, 180, 255).getRGB());
        g.dispose();
        return image;
    }

    private static void scatter(BufferedImage image, float[] points, int n, double extent, int x0, int y0, int size, int rgb) {
        for (int i = 0; i < n; i++) {
            int x = x0 + (int) ((points[2 * i] + extent) / (2 * extent) * size);
            int y = y0 + (int) ((extent - points[2 * i + 1]) / (2 * extent) * size);
            if (x >= x0 && x < x0 + size - 1 && y >= y0 && y < y0 + size - 1) {
                image.setRGB(x, y, rgb);
                image.setRGB(x + 1, y, rgb);
                image.setRGB(x, y + 1, rgb);
                image.setRGB(x + 1, y + 1, rgb);
            }
        }
    }

    private static Graphics2D start(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return g;
    }
}
