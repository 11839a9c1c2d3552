package io.fluxion.core.data;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Points that each belong to one of K classes (labels 0..K−1, with names): the data of a
 * conditional model. Sampling draws a class by its share of the data, then a point of it. Same
 * threading and ownership rules as {@link PointSource}.
 */
public interface LabelledSource extends PointSource {

    /** @return the K class names, index = label */
    List<String> labelNames();

    /** @return K */
    default int classes() {
        return labelNames().size();
    }

    /**
     * Draws n points into {@code out [n, d]} and their classes into {@code labels [n]}.
     */
    void sample(float[] out, int[] labels, int n, RandomGenerator random);

    /**
     * @return the points of one class alone
     * @throws IllegalArgumentException for a label outside 0..K−1
     */
    PointSource ofLabel(int label);

    /** The label of a class name, or of its number. */
    default int labelOf(String nameOrNumber) {
        return labelOf(labelNames(), nameOrNumber, name());
    }

    /**
     * The label of {@code nameOrNumber} among {@code names}: the index of that name, else the
     * number itself when it is a label in range.
     *
     * @param owner names the set or model in the message
     * @throws IllegalArgumentException naming the class and listing (up to 20 of) the names
     */
    static int labelOf(List<String> names, String nameOrNumber, String owner) {
        int index = names.indexOf(nameOrNumber);
        if (index >= 0) {
            return index;
        }
        try {
            int label = Integer.parseInt(nameOrNumber.strip());
            if (label >= 0 && label < names.size()) {
                return label;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("unknown class '" + nameOrNumber + "' (" + owner + " has " + names.size()
                + " classes: " + String.join(", ", names.size() <= 20 ? names : names.subList(0, 20))
                + (names.size() > 20 ? ", ..." : "") + ")");
    }
}
