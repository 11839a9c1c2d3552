package io.fluxion.core;

import java.io.IOException;
import java.io.InputStream;

/** Reads test fixtures from the test class path. */
public final class TestResources {

    private TestResources() {
    }

    /** Resident set size of this process in bytes, from /proc (Linux), else JavaCPP's estimate. */
    public static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return org.bytedeco.javacpp.Pointer.physicalBytes();
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
