package io.fluxion.core.data;

import java.io.IOException;

/** A data file that cannot be used: the message names the file, the place and the problem. */
public final class DataFormatException extends IOException {

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
