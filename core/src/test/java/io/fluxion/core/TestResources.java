package io.fluxion.core;

import java.io.IOException;
import java.io.InputStream;

/** Reads test fixtures from the test class path. */
public final class TestResources {

    private TestResources() {
    }

    /** The bytes of {@code /npy/NAME}, a fixture written by NumPy. */
    public static byte[] npyFixture(String name) throws IOException {
        try (InputStream in = TestResources.class.getResourceAsStream("/npy/" + name)) {
            if (in == null) {
                throw new IOException("missing test fixture /npy/" + name);
            }
            return in.readAllBytes();
        }
    }
}
