package io.fluxion.demo;

import io.fluxion.demo.cli.BenchCommand;
import io.fluxion.demo.cli.DistillCommand;
import io.fluxion.demo.cli.EvalCommand;
import io.fluxion.demo.cli.ExportCommand;
import io.fluxion.demo.cli.ModelsCommand;
import io.fluxion.demo.cli.RecordCommand;
import io.fluxion.demo.cli.ReflowCommand;
import io.fluxion.demo.cli.SampleCommand;
import io.fluxion.demo.cli.ServeCommand;
import io.fluxion.demo.cli.ShowCommand;
import io.fluxion.demo.cli.SoakCommand;
import io.fluxion.demo.cli.TrainCommand;
import io.fluxion.demo.show.FlowRecording;
import io.fluxion.demo.show.JitWarmUp;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import reactor.core.Exceptions;

/**
 * The {@code fluxion} command line. {@link #main} relaunches the JVM once with what ND4J and
 * the SIMD kernels need ({@code OMP_WAIT_POLICY=PASSIVE}, {@code --add-modules
 * jdk.incubator.vector}) when they are missing, so that {@code java -jar fluxion.jar} runs at
 * full speed; {@link #run} executes in-process (for tests and embedding).
 */
@Command(name = "fluxion", mixinStandardHelpOptions = true, version = "fluxion 0.1.0", scope = ScopeType.INHERIT,
        description = "Conditional flow matching: train velocity networks, sample, and watch noise flow into data.")
public final class Fluxion implements Runnable {

    /** The commands whose first frame a user waits for: their JVM is started for a fast first frame. */
    private static final Set<String> DRAWING_COMMANDS = Set.of("show", "record");

    /** The commands, in the order {@code fluxion} lists them. */
    static final List<Class<?>> COMMANDS = List.of(ShowCommand.class, TrainCommand.class, SampleCommand.class,
            EvalCommand.class, RecordCommand.class, ModelsCommand.class, ExportCommand.class, ReflowCommand.class,
            DistillCommand.class, ServeCommand.class, BenchCommand.class, SoakCommand.class);

    /** The JavaCPP property that picks ND4J's native build, and the build this jar ships (oneDNN; see the pom). */
    static final String NATIVE_EXTENSION_KEY = "org.bytedeco.javacpp.platform.extension";
    static final String NATIVE_EXTENSION = "-onednn-avx2";

    static {
        // before anything touches ND4J: its oneDNN build (the one in lib/), unless the user chose another
        if (System.getProperty(NATIVE_EXTENSION_KEY) == null) {
            System.setProperty(NATIVE_EXTENSION_KEY, NATIVE_EXTENSION);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log what the libraries say, and print an error's stack trace")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (needsRelaunch()) {
            System.exit(relaunch(args));
        }
        if (DRAWING_COMMANDS.contains(commandName(args))) {
            JitWarmUp.start(); // the first frame waits on the forward pass: compile it meanwhile
        }
        System.exit(run(args));
    }

    /** Runs a command line in this JVM and returns its exit code; errors print one line to stderr. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs a command line in this JVM with the given output and error streams. Logging (SLF4J's
     * simple backend, on stderr) shows warnings only, or everything from info up with
     * {@code --verbose}, which also prints the stack trace of an error after its one line.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", Boolean.toString(verbose));
        System.setProperty("org.slf4j.simpleLogger.warnLevelString", "fluxion: warning:");
        // Reactor logs a JVM-fatal error (an OutOfMemoryError) with its stack trace as it rethrows it; the
        // command prints it in one line instead
        System.setProperty("org.slf4j.simpleLogger.log.reactor.core.Exceptions", verbose ? "info" : "off");
        if ("serve".equals(commandName(args))) {
            // the server's access log (one line per request) and its start, stop and job lines
            System.setProperty("org.slf4j.simpleLogger.log.reactor.netty.http.server.AccessLog", "info");
            System.setProperty("org.slf4j.simpleLogger.log.io.fluxion.server", "info");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        }
        CommandLine commandLine = commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            exception.getCommandLine().getErr().println("fluxion: " + usageMessage(exception));
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("fluxion: " + message(exception));
            if (verbose) {
                exception.printStackTrace(line.getErr());
            }
            return 1;
        });
        try {
            return commandLine.execute(args);
        } catch (VirtualMachineError | LinkageError | AssertionError e) {
            // picocli hands only Exceptions to the handler; an Error from a command ends up here
            err.println("fluxion: " + message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /**
     * The command line for these arguments. Picocli reads every option of every command it is
     * given by reflection (0.27 s for all twelve on a cold JVM, 0.15 s for {@code show} alone), so
     * a command line that names a command gets that one only; any other gets them all, to list
     * them or to say which name was wrong.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Fluxion());
        String named = commandName(args);
        for (Class<?> command : COMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            if (named == null || !isCommand(named) || name.equals(named)) {
                commandLine.addSubcommand(name, command);
            }
        }
        return commandLine;
    }

    /** The first argument that is not an option (the command's name, when it is one), or null. */
    static String commandName(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static boolean isCommand(String name) {
        return COMMANDS.stream().anyMatch(command -> command.getAnnotation(Command.class).name().equals(name));
    }

    /**
     * A usage error in one line: picocli's message, the name it suggests for a misspelt command
     * or option, and where the usage is.
     */
    static String usageMessage(CommandLine.ParameterException exception) {
        CommandLine command = exception.getCommandLine();
        String name = command.getCommandSpec().qualifiedName(" ");
        StringBuilder line = new StringBuilder(exception.getMessage());
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append('?');
        }
        return line.append(" (").append(name).append(" --help for usage)").toString();
    }

    static String message(Throwable exception) {
        Throwable cause = Exceptions.unwrap(exception);
        if (cause instanceof OutOfMemoryError) {
            return "out of memory (" + cause.getMessage() + "): ask for less (particles, batch, width), or give the JVM"
                    + " more with -Xmx";
        }
        if (cause instanceof StackOverflowError) {
            return "stack overflow: the input nests too deeply";
        }
        while (cause.getCause() != null && (cause.getMessage() == null
                || cause instanceof CompletionException)) {
            cause = cause.getCause();
        }
        String text = cause.getMessage();
        if (cause instanceof NoSuchFileException missing) {
            return missing.getReason() != null ? text : "no such file: " + text; // the reason, when given, says so already
        }
        return text != null ? text : cause.toString();
    }

    /** How long a stopped launcher waits for the JVM it relaunched to finish its own shutdown. */
    private static final long CHILD_STOP_SECONDS = 10;

    private static boolean needsRelaunch() {
        if (Boolean.getBoolean("fluxion.relaunched") || Boolean.getBoolean("fluxion.noRelaunch")) {
            return false;
        }
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return System.getenv("OMP_WAIT_POLICY") == null || !vector;
    }

    private static int relaunch(String[] args) {
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
            if (DRAWING_COMMANDS.contains(commandName(args))) {
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
            return run(args);
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
