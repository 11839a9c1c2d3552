package io.fluxion.demo;

import static io.fluxion.demo.FluxionCommandsTest.assertError;
import static io.fluxion.demo.FluxionCommandsTest.run;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fluxion serve}'s bad arguments, and folders given for files: one line each, exit code 1, nothing started. */
class ServeCommandTest {

    @Test
    void badArgumentsAreOneLine(@TempDir Path folder) throws Exception {
        assertError(run("serve", "--port", "70000"), "--port must be in [0, 65535], got 70000");
        assertError(run("serve", "--models", folder.resolve("none").toString()), "--models " + folder.resolve("none")
                + ": not a folder");
        Path file = Files.writeString(folder.resolve("file.txt"), "x");
        assertError(run("serve", "--models", file.toString()), "not a folder");
        assertError(run("serve", "--max-particles", "0"), "--max-particles must be in [1, 16777216], got 0");
        assertError(run("serve", "--max-streams", "-3"), "--max-streams must be in [1, 100000], got -3");
        assertError(run("serve", "--max-body-mb", "0"), "--max-body-mb must be in [1, 4096], got 0");
        assertError(run("serve", "--write-timeout", "-1"), "--write-timeout must be in (0, 3600] seconds, got -1.0");
        assertError(run("sample", "--model", folder.toString(), "--out", folder.resolve("s.csv").toString()),
                folder + ": is a folder, not a model file");
        Files.createDirectory(folder.resolve("points.npy"));
        assertError(run("sample", "--model", "moons", "--from", folder.resolve("points.npy").toString(), "--out",
                folder.resolve("s.csv").toString()), "points.npy: 0 pictures");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertError(run("serve", "--port", Integer.toString(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }
}
