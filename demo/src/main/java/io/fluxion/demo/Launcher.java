package io.fluxion.demo;

import io.fluxion.demo.show.FlowRecording;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Relaunches the JVM of {@code java -jar fluxion.jar} once with what ND4J and the SIMD kernels
 * need ({@code OMP_WAIT_POLICY=PASSIVE}, {@code --add-modules jdk.incubator.vector}), and the
 * drawing commands with what makes their first frame fast (the serial collector, a
 * {@link ClassDataArchive}); copies the child's stderr without the JVM's incubator warning, and
 * stops the child when the launcher is stopped. Used by {@link Fluxion#main} only.
 */
final class Launcher {

    /** The commands whose first frame a user waits for: their JVM is started for a fast first frame. */
    private static final Set<String> DRAWING_COMMANDS = Set.of("show", "record");

    private Launcher() {
    }

    /** Whether the command line runs a drawing command ({@code show}, {@code record}). */
    static boolean isDrawing(String[] args) {
        return DRAWING_COMMANDS.contains(Fluxion.commandName(args));
    }

    /** How long a stopped launcher waits for the JVM it relaunched to finish its own shutdown. */
    private static final long CHILD_STOP_SECONDS = 10;

    static boolean needsRelaunch() {
        if (Boolean.getBoolean("fluxion.relaunched") || Boolean.getBoolean("fluxion.noRelaunch")) {
            return false;
        }
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return System.getenv("OMP_WAIT_POLICY") == null || !vector;
    }

    static int relaunch(String[] args) {
        try {
            String javaBinary = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            List<String> command = new ArrayList<>();
            command.add(javaBinary);
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
            command.add("-Dfluxion.relaunched=true");
            command.add("-D" + FlowRecording.LAUNCHED_AT_KEY + "=" + ManagementFactory.getRuntimeMXBean().getStartTime());
            String classPath = System.getProperty("java.class.path");
            List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
            ClassDataArchive archive = null;
            if (isDrawing(args)) {
                archive = ClassDataArchive.create(classPath);
                if (archive != null) {
                    command.addAll(archive.jvmOptions());
                }
                if (jvmArguments.stream().noneMatch(argument -> argument.matches("-XX:\\+Use\\w+GC"))) {
                    // the cold forward pass allocates heavily until C2 compiles it: the first look at the model took
                    // 0.8 s under G1 and 0.4 s under the serial collector, with the same frame rate after
                    command.add("-XX:+UseSerialGC");
                }
            }
            for (String jvmArgument : jvmArguments) {
                if (!jvmArgument.startsWith("--add-modules") && !jvmArgument.equals("jdk.incubator.vector")) {
                    command.add(jvmArgument);
                }
            }
            command.add("-cp");
            command.add(classPath);
            command.add(Fluxion.class.getName());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            builder.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "131072");
            Process process = builder.start();
            ClassDataArchive started = archive;
            // stopped by a signal (kill, Ctrl-C, a service manager): stop the relaunched JVM too, and let its
            // own shutdown delete its temporary files before this one exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (process.isAlive()) {
                    process.destroy();
                    try {
                        process.waitFor(CHILD_STOP_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (started != null) {
                        started.finish(1);
                    }
                }
            }, "fluxion-stop-relaunched"));
            Thread errors = new Thread(() -> copyErrors(process.getErrorStream(), System.err), "fluxion-stderr");
            errors.start();
            int code = process.waitFor();
            errors.join();
            if (archive != null) {
                archive.finish(code);
            }
            return code;
        } catch (Exception e) {
            // could not relaunch: run here, slower but correct
            return Fluxion.run(args);
        }
    }

    /**
     * Copies the relaunched JVM's stderr as it comes (progress bars included), leaving out the
     * JVM's own "WARNING: Using incubator modules" line, which says nothing a user can act on:
     * the launcher asked for the module itself.
     */
    static void copyErrors(InputStream in, PrintStream out) {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
        boolean first = true;
        try (in) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                int from = 0;
                if (first) {
                    int end = 0;
                    while (end < read && buffer[end] != '\n') {
                        end++;
                    }
                    firstLine.write(buffer, 0, Math.min(end + 1, read));
                    if (end == read) {
                        continue; // the first line goes on in the next read
                    }
                    first = false;
                    String line = firstLine.toString(StandardCharsets.UTF_8);
                    if (!line.startsWith("WARNING: Using incubator modules")) {
                        out.write(firstLine.toByteArray(), 0, firstLine.size());
                    }
                    from = end + 1;
                }
                out.write(buffer, from, read - from);
                out.flush();
            }
            if (first && firstLine.size() > 0) {
                out.write(firstLine.toByteArray(), 0, firstLine.size()); // the whole stderr was one line, no newline
            }
            out.flush();
        } catch (IOException e) {
            // the child is gone; nothing more to copy
        }
    }
}
