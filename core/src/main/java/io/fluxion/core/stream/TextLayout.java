package io.fluxion.core.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line of text as glyph slots: each drawable character's class, the x of its slot's origin
 * (so the glyph's own left edge lands at the cursor), and its share of the particles (its area
 * over the line's). Whitespace advances by an average glyph width; characters the model lacks
 * are skipped.
 */
final class TextLayout {

    final int[] labels;
    final float[] offsets;
    final int[] counts;
    /** The line's width in data units. */
    final double width;

    private TextLayout(int[] labels, float[] offsets, int[] counts, double width) {
        this.labels = labels;
        this.offsets = offsets;
        this.counts = counts;
        this.width = width;
    }

    int slots() {
        return labels.length;
    }

    /** The class of character c, its upper case where only that exists, or −1. */
    static int labelOf(String c, List<String> names) {
        int label = names.indexOf(c);
        return label >= 0 ? label : names.indexOf(c.toUpperCase(Locale.ROOT));
    }

    static List<String> missing(String text, List<String> names) {
        List<String> missing = new ArrayList<>();
        text.codePoints().forEach(c -> {
            String glyph = new String(Character.toChars(c));
            if (!Character.isWhitespace(c) && labelOf(glyph, names) < 0 && !missing.contains(glyph)) {
                missing.add(glyph);
            }
        });
        return missing;
    }

    /** Lays out {@code text} with {@code particles} particles shared by area; centred on x = 0. */
    static TextLayout of(String text, List<String> names, GlyphShapes shapes, int particles, double spacing) {
        List<Integer> labels = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        List<Double> areas = new ArrayList<>();
        double cursor = 0;
        double spaceWidth = 0;
        int[] codePoints = text.codePoints().toArray();
        for (int c : codePoints) {
            String glyph = new String(Character.toChars(c));
            int label = Character.isWhitespace(c) ? -1 : labelOf(glyph, names);
            if (label < 0) {
                if (spaceWidth == 0) {
                    spaceWidth = shapes.of(labelOf("I", names) >= 0 ? labelOf("I", names) : 0).width() * 1.5 + spacing;
                }
                cursor += Character.isWhitespace(c) ? spaceWidth : 0;
                continue;
            }
            GlyphShapes.Shape shape = shapes.of(label);
            labels.add(label);
            offsets.add(cursor - shape.left());
            areas.add(shape.area());
            cursor += shape.width() + spacing * Math.max(shape.width(), 0.5);
        }
        int slots = labels.size();
        double centre = cursor / 2;
        int[] counts = new int[slots];
        double total = areas.stream().mapToDouble(Double::doubleValue).sum();
        int given = 0;
        for (int s = 0; s < slots; s++) {
            counts[s] = (int) Math.floor(particles * areas.get(s) / total);
            given += counts[s];
        }
        for (int s = 0; given < particles && slots > 0; s = (s + 1) % slots) {
            counts[s]++; // the remainder, one each from the left
            given++;
        }
        int[] labelArray = new int[slots];
        float[] offsetArray = new float[slots];
        for (int s = 0; s < slots; s++) {
            labelArray[s] = labels.get(s);
            offsetArray[s] = (float) (offsets.get(s) - centre);
        }
        return new TextLayout(labelArray, offsetArray, counts, cursor);
    }
}
