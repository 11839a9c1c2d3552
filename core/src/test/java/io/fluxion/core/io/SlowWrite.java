package io.fluxion.core.io;

import java.nio.file.Path;

/** A program that starts an atomic write and never finishes it, for {@code AtomicFilesTest} to stop. */
public final class SlowWrite {

    private SlowWrite() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
