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
import io.fluxion.demo.show.JitWarmUp;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import reactor.core.Exceptions;

/**
 * The {@code fluxion} command line. {@link #main} relaunches the JVM once ({@link Launcher}) when
 * what ND4J and the SIMD kernels need is missing, so that {@code java -jar fluxion.jar} runs at
 * full speed; {@link #run} executes in-process (for tests and embedding).
 */
@Command(name = "fluxion", mixinStandardHelpOptions = true, version = "fluxion 0.1.0", scope = ScopeType.INHERIT,
        description = "Conditional flow matching: train velocity networks, sample, and watch noise flow into data.")
public final class Fluxion implements Runnable {

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
        if (Launcher.needsRelaunch()) {
            System.exit(Launcher.relaunch(args));
        }
        if (Launcher.isDrawing(args)) {
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
        boolean namesOne = COMMANDS.stream().anyMatch(command -> command.getAnnotation(Command.class).name().equals(named));
        for (Class<?> command : COMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            if (!namesOne || name.equals(named)) {
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
}
