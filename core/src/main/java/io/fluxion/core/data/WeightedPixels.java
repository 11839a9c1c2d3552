package io.fluxion.core.data;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Points drawn from a picture: a pixel is chosen with probability proportional to its weight
 * (luminance × alpha, or darkness × alpha for a dark figure on a light background), placed
 * uniformly inside the pixel (jitter) and carrying the pixel's colour. The longer side of the
 * picture spans [−extent, extent], y pointing up. Immutable.
 */
final class WeightedPixels implements PointSource {

    private final String name;
    private final int width;
    private final int height;
    private final double[] cumulative;
    private final int[] pixelIndex;
    private final float[] colours;
    private final double scale;
    private final float[] fixedColour;

    private WeightedPixels(String name, int width, int height, double[] weights, float[] colours, double extent,
                           float[] fixedColour) {
        this.name = name;
        this.width = width;
        this.height = height;
        int nonZero = 0;
        for (double w : weights) {
            if (w > 0) {
                nonZero++;
            }
        }
        if (nonZero == 0) {
            throw new IllegalArgumentException(name + ": the picture is blank (no pixel to draw points from)");
        }
        this.cumulative = new double[nonZero];
        this.pixelIndex = new int[nonZero];
        double total = 0;
        int k = 0;
        for (int p = 0; p < weights.length; p++) {
            if (weights[p] > 0) {
                total += weights[p];
                cumulative[k] = total;
                pixelIndex[k++] = p;
            }
        }
        this.colours = colours;
        this.scale = 2 * extent / Math.max(width, height);
        this.fixedColour = fixedColour;
    }

    /** Points from an image: bright pixels draw points, or dark ones when the border is light. */
    static WeightedPixels fromImage(String name, BufferedImage image, double extent) {
        int width = image.getWidth();
        int height = image.getHeight();
        double[] luminance = new double[width * height];
        double[] alpha = new double[width * height];
        float[] colours = new float[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = image.getRGB(x, y);
                int p = y * width + x;
                float r = ((argb >> 16) & 0xff) / 255f;
                float g = ((argb >> 8) & 0xff) / 255f;
                float b = (argb & 0xff) / 255f;
                colours[3 * p] = r;
                colours[3 * p + 1] = g;
                colours[3 * p + 2] = b;
                luminance[p] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                alpha[p] = image.getColorModel().hasAlpha() ? ((argb >>> 24) & 0xff) / 255.0 : 1.0;
            }
        }
        boolean lightBackground = borderLuminance(luminance, alpha, width, height) > 0.5;
        double[] weights = new double[width * height];
        for (int p = 0; p < weights.length; p++) {
            double value = lightBackground ? 1 - luminance[p] : luminance[p];
            weights[p] = value < 0.02 ? 0 : value * alpha[p];
        }
        return new WeightedPixels(name, width, height, weights, colours, extent, null);
    }

    /** Points from a grey-scale mask (white = figure) painted with one colour per column band. */
    static WeightedPixels fromMask(String name, BufferedImage mask, double extent, boolean rainbow) {
        int width = mask.getWidth();
        int height = mask.getHeight();
        double[] weights = new double[width * height];
        float[] colours = rainbow ? new float[3 * width * height] : null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                double value = (mask.getRGB(x, y) & 0xff) / 255.0;
                weights[p] = value < 0.02 ? 0 : value;
                if (colours != null) {
                    Color c = Color.getHSBColor((float) x / width * 0.8f, 0.7f, 1f);
                    colours[3 * p] = c.getRed() / 255f;
                    colours[3 * p + 1] = c.getGreen() / 255f;
                    colours[3 * p + 2] = c.getBlue() / 255f;
                }
            }
        }
        return new WeightedPixels(name, width, height, weights, colours, extent, rainbow ? null : new float[] {1, 1, 1});
    }

    private static double borderLuminance(double[] luminance, double[] alpha, int width, int height) {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < width; x++) {
            for (int y : new int[] {0, height - 1}) {
                if (alpha[y * width + x] > 0.5) {
                    sum += luminance[y * width + x];
                    count++;
                }
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x : new int[] {0, width - 1}) {
                if (alpha[y * width + x] > 0.5) {
                    sum += luminance[y * width + x];
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasColours() {
        return true;
    }

    @Override
    public void sample(float[] out, int n, RandomGenerator random) {
        sample(out, null, n, random);
    }

    @Override
    public void sample(float[] positions, float[] colourOut, int n, RandomGenerator random) {
        double total = cumulative[cumulative.length - 1];
        for (int i = 0; i < n; i++) {
            int k = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            k = k < 0 ? -k - 1 : k;
            k = Math.min(k, cumulative.length - 1);
            int pixel = pixelIndex[k];
            int px = pixel % width;
            int py = pixel / width;
            double x = px + random.nextDouble() - width / 2.0;
            double y = height / 2.0 - (py + random.nextDouble());
            positions[2 * i] = (float) (x * scale);
            positions[2 * i + 1] = (float) (y * scale);
            if (colourOut != null) {
                if (fixedColour != null) {
                    System.arraycopy(fixedColour, 0, colourOut, 3 * i, 3);
                } else {
                    System.arraycopy(colours, 3 * pixel, colourOut, 3 * i, 3);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "WeightedPixels[" + name + ", " + width + " x " + height + "]";
    }
}
