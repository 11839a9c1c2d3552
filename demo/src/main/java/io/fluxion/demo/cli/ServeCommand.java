package io.fluxion.demo.cli;

import io.fluxion.core.stream.StreamSpec;
import io.fluxion.demo.show.BundledModels;
import io.fluxion.server.FluxionServer;
import io.fluxion.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion serve}: the models over HTTP and WebSocket, with the browser viewer, until interrupted. */
@Command(name = "serve", description = "Serve models over HTTP and WebSocket, with a browser viewer at /.",
        footerHeading = "%nExamples:%n", footer = {
            "  fluxion serve",
            "  fluxion serve --host 0.0.0.0 --port 9000 --models ./models",
            "  curl http://127.0.0.1:8080/api/models"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free one)") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to bind (default: this machine only; 0.0.0.0 for every interface)") String host;
    @Option(names = "--models", description = "folder of NAME.fluxion models to serve, where training jobs write theirs "
            + "(default: a temporary folder removed at exit)") Path models;
    @Option(names = "--no-bundled", description = "serve only the models folder, not the bundled models") boolean noBundled;
    @Option(names = "--max-particles", defaultValue = "200000", description = "most particles of one stream or batch")
    int maxParticles;
    @Option(names = "--max-streams", defaultValue = "512", description = "most WebSocket streams at once") int maxStreams;
    @Option(names = "--max-body-mb", defaultValue = "64", description = "largest training upload, in MB") int maxBodyMb;
    @Option(names = "--write-timeout", defaultValue = "10", description = "seconds before a client that stopped reading "
            + "is closed") double writeTimeout;

    @Override
    public Integer call() throws Exception {
        if (models != null && !Files.isDirectory(models)) {
            throw new IllegalArgumentException("--models " + models + ": not a folder");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        if (maxParticles < 1 || maxParticles > StreamSpec.MAX_PARTICLES) {
            throw new IllegalArgumentException("--max-particles must be in [1, " + StreamSpec.MAX_PARTICLES + "], got "
                    + maxParticles);
        }
        if (maxStreams < 1 || maxStreams > 100_000) {
            throw new IllegalArgumentException("--max-streams must be in [1, 100000], got " + maxStreams);
        }
        if (maxBodyMb < 1 || maxBodyMb > 4096) {
            throw new IllegalArgumentException("--max-body-mb must be in [1, 4096], got " + maxBodyMb);
        }
        if (!(writeTimeout > 0) || writeTimeout > 3600) {
            throw new IllegalArgumentException("--write-timeout must be in (0, 3600] seconds, got " + writeTimeout);
        }
        List<String> bundled = new ArrayList<>();
        if (!noBundled) {
            bundled.addAll(BundledModels.NAMES);
            bundled.addAll(BundledModels.CONDITIONAL);
            bundled.addAll(BundledModels.FEW_STEP);
        }
        ServerConfig config = ServerConfig.builder().host(host).port(port).modelsFolder(models).bundled(bundled)
                .maxParticles(maxParticles).maxStreams(maxStreams).maxBodyBytes((long) maxBodyMb << 20)
                .writeTimeout(Duration.ofMillis((long) (writeTimeout * 1000))).build();
        FluxionServer server = FluxionServer.start(config);
        Thread stop = new Thread(server::close, "fluxion-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        PrintWriter out = spec.commandLine().getOut();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        out.printf("serving http://%s:%d/ (the viewer; API under /api); models folder %s; Ctrl-C stops%n", shown,
                server.port(), server.modelsFolder());
        out.flush();
        server.awaitClose();
        return 0;
    }
}
