package io.fluxion.render;

/** No OpenGL context could be made (no EGL library, no display, or a driver below GL 3.3). */
public final class GlUnavailableException extends RuntimeException {

    public GlUnavailableException(String message) {
        super(message);
    }

    public GlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
