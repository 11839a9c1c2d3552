package io.fluxion.core.model;

import java.io.IOException;

/**
 * A model file that cannot be loaded: truncated or corrupt, an unknown format version, a
 * missing, extra or misshapen tensor, or values that are not finite. The message names the
 * file and the cause; nothing of the file is loaded.
 */
public final class ModelFormatException extends IOException {

    public ModelFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
