package io.fluxion.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FluxionServer} serves and its limits. Immutable; build with {@link #builder()}.
 *
 * @param host            the address to bind (default 127.0.0.1: this machine only)
 * @param port            the TCP port, 0 for any free one
 * @param modelsFolder    the folder of {@code NAME.fluxion} files served and written by training jobs; null for a
 *                        temporary folder removed at shutdown
 * @param bundled         names of models on the class path ({@code /models/NAME.fluxion}), served read-only
 * @param maxBodyBytes    the largest request body (training data), else 413
 * @param maxParticles    the most particles of one stream or batch of samples, else 400
 * @param maxStreams      the most WebSocket streams at once (spectators included), else 429
 * @param maxQueuedJobs   training jobs waiting behind the running one, else 429
 * @param maxTrainingSteps the most steps a training job may ask for, else 400
 * @param writeTimeout    a client that has not taken a frame for this long is closed (code 1008)
 * @param shutdownGrace   how long shutdown waits for connections to close after telling streams to end
 */
public record ServerConfig(String host, int port, Path modelsFolder, List<String> bundled, long maxBodyBytes,
                           int maxParticles, int maxStreams, int maxQueuedJobs, int maxTrainingSteps,
                           Duration writeTimeout, Duration shutdownGrace) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        bundled = List.copyOf(bundled);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxBodyBytes < 1 || maxParticles < 1 || maxStreams < 1 || maxQueuedJobs < 0 || maxTrainingSteps < 1) {
            throw new IllegalArgumentException("server limits must be positive");
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero() || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("writeTimeout must be positive and shutdownGrace not negative");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: 127.0.0.1:8080, a temporary models folder, 64 MB bodies, 200 000 particles, 512 streams, 8 queued jobs. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path modelsFolder;
        private List<String> bundled = List.of();
        private long maxBodyBytes = 64L << 20;
        private int maxParticles = 200_000;
        private int maxStreams = 512;
        private int maxQueuedJobs = 8;
        private int maxTrainingSteps = 20_000;
        private Duration writeTimeout = Duration.ofSeconds(10);
        private Duration shutdownGrace = Duration.ofSeconds(3);

        public Builder host(String value) { this.host = value; return this; }
        public Builder port(int value) { this.port = value; return this; }
        public Builder modelsFolder(Path value) { this.modelsFolder = value; return this; }
        public Builder bundled(List<String> value) { this.bundled = value; return this; }
        public Builder maxBodyBytes(long value) { this.maxBodyBytes = value; return this; }
        public Builder maxParticles(int value) { this.maxParticles = value; return this; }
        public Builder maxStreams(int value) { this.maxStreams = value; return this; }
        public Builder maxQueuedJobs(int value) { this.maxQueuedJobs = value; return this; }
        public Builder maxTrainingSteps(int value) { this.maxTrainingSteps = value; return this; }
        public Builder writeTimeout(Duration value) { this.writeTimeout = value; return this; }
        public Builder shutdownGrace(Duration value) { this.shutdownGrace = value; return this; }

        public ServerConfig build() {
            return new ServerConfig(host, port, modelsFolder, bundled, maxBodyBytes, maxParticles, maxStreams, maxQueuedJobs,
                    maxTrainingSteps, writeTimeout, shutdownGrace);
        }
    }
}
