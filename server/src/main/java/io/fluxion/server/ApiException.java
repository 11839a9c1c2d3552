package io.fluxion.server;

/** A request the server refuses: the HTTP status and one line saying why, sent as {@code {"error": ..., "status": ...}}. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    int status() {
        return status;
    }
}
