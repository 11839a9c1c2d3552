package io.fluxion.core.io;

import java.io.IOException;

/** A NumPy {@code .npy} file that cannot be read: the message names the file and the problem. */
public final class NpyFormatException extends IOException {

    public NpyFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
