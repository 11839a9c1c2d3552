package io.fluxion.core.mesh;

import java.io.IOException;

/** A mesh file that cannot be used: the message names the file, the line or element, and the problem. */
public final class MeshFormatException extends IOException {

    public MeshFormatException(String message) {
        super(message);
    }

    public MeshFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
