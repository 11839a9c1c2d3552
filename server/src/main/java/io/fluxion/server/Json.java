package io.fluxion.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionException;

/** JSON in and out of the API (Jackson), and the one-line message of a failure. Thread-safe. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // control messages are small: no deep nesting or huge numbers to chew on
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxNumberLength(64).maxStringLength(4096).build());
    }

    private Json() {
    }

    /** @throws ApiException 400 when the text is not JSON */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("not JSON: " + e.getOriginalMessage());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The one line a client is told about a failure. */
    static String message(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getClass() == RuntimeException.class) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
