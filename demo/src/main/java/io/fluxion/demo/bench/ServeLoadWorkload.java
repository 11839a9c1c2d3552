package io.fluxion.demo.bench;

import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.fluxion.demo.Fluxion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code fluxion serve} under load (workload WS of {@code fluxion bench}), on loopback: a server
 * in its own JVM (1 GB heap, so its resident memory is its own), then 64 WebSocket clients ×
 * 20 000 particles for 30 s beside 4 slow readers (16 KB every 50 ms) and 4 that stop reading
 * after the handshake; then 256 spectators of one shared emitter for 30 s. The model is a small
 * 3 × 64 moons net trained first (the bundled 4 × 256 nets cost 20 GFLOP a frame at 20 000
 * particles, so 64 of them measure the cores, not the server); the shared emitter runs the
 * bundled flower.
 * Prints frames per second per healthy client and MB/s served (after a 5 s ramp), errors on healthy
 * clients, how many stalled clients the server closed, and the server's RSS at 5 s and at the end
 * of each phase.
 */
public final class ServeLoadWorkload {

    private static final int CLIENTS = 64;
    private static final int PARTICLES = 20_000;
    private static final int SLOW = 4;
    private static final int STOPPED = 4;
    private static final int SPECTATORS = 256;
    private static final Duration PHASE = Duration.ofSeconds(30);
    /** Rates are measured after the emitters have filled up and the connections settled. */
    private static final Duration RAMP = Duration.ofSeconds(5);

    private ServeLoadWorkload() {
    }

    public static void run(Bench bench) throws Exception {
        PrintWriter out = bench.out();
        Path models = Files.createTempDirectory("fluxion-ws");
        Model small = CfmTrainer.train(Datasets.moons(), TrainingConfig.builder().width(64).depth(3).batchSize(512).steps(1500)
                .seed(1).reportEvery(1500).build()).blockLast().model();
        ModelFiles.save(small, models.resolve("small.fluxion"));
        Process server = startServer(models);
        try {
            int port = portOf(server);
            String base = "ws://127.0.0.1:" + port + "/api/models/small/stream";
            String flower = "ws://127.0.0.1:" + port + "/api/models/flower/stream";
            // warm-up: the model loads and the stream code compiles before anything is timed
            phase(base + "?particles=" + PARTICLES + "&fps=30", 4, Duration.ofSeconds(5), server, null, 0, 0);
            Result own = phase(base + "?particles=" + PARTICLES + "&fps=30", CLIENTS, PHASE, server, base
                    + "?particles=" + PARTICLES + "&fps=30", SLOW, STOPPED);
            out.printf(Locale.ROOT, "WS %d clients x %d particles (3x64 emitter, fps <= 30, %d s) + %d slow + %d stopped readers: "
                            + "frames/s per client min %.1f, median %.1f, max %.1f; %.1f MB/s served; %d errors on healthy "
                            + "clients; %d of %d stopped readers closed by the server; server RSS %d MB (at %d s) -> %d MB (at %d s)%n",
                    CLIENTS, PARTICLES, PHASE.toSeconds(), SLOW, STOPPED, own.fpsMin, own.fpsMedian, own.fpsMax, own.megabytesPerSecond,
                    own.errors, own.stoppedClosed, STOPPED, own.earlyRss >> 20, RAMP.toSeconds(), own.endRss >> 20,
                    PHASE.toSeconds());
            Result shared = phase(flower + "?particles=" + PARTICLES + "&fps=30&shared=true", SPECTATORS, PHASE, server, null, 0, 0);
            out.printf(Locale.ROOT, "WS %d spectators of one shared emitter (flower 4x256, %d particles, fps <= 30, %d s): frames/s per client "
                            + "min %.1f, median %.1f, max %.1f; %.1f MB/s served; %d errors; server RSS %d MB (at %d s) -> %d MB (at %d s)%n",
                    SPECTATORS, PARTICLES, PHASE.toSeconds(), shared.fpsMin, shared.fpsMedian, shared.fpsMax,
                    shared.megabytesPerSecond, shared.errors, shared.earlyRss >> 20, RAMP.toSeconds(), shared.endRss >> 20,
                    PHASE.toSeconds());
        } finally {
            server.destroy();
            server.waitFor();
            Files.deleteIfExists(models.resolve("small.fluxion"));
            Files.deleteIfExists(models);
        }
    }

    private record Result(double fpsMin, double fpsMedian, double fpsMax, double megabytesPerSecond, int errors,
                          int stoppedClosed, long earlyRss, long endRss) {
    }

    /** {@code clients} healthy WebSocket clients for {@code time}, beside slow and stopped raw-socket readers. */
    private static Result phase(String url, int clients, Duration time, Process server, String raw, int slow, int stopped)
            throws Exception {
        AtomicLong[] frames = new AtomicLong[clients];
        AtomicLong bytes = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        List<Disposable> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            AtomicLong count = frames[i] = new AtomicLong();
            connections.add(HttpClient.create()
                    .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build()).uri(url)
                    .handle((in, outbound) -> in.aggregateFrames(64 << 20).receiveFrames().doOnNext(frame -> {
                        if (frame instanceof BinaryWebSocketFrame) {
                            count.incrementAndGet();
                            bytes.addAndGet(frame.content().readableBytes());
                        }
                    }).then())
                    .subscribe(v -> { }, e -> errors.incrementAndGet()));
        }
        List<Socket> sockets = new ArrayList<>();
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
        for (int i = 0; i < slow + stopped; i++) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(8192);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            handshake(socket, raw.replaceAll("^ws://[^/]+", ""));
            sockets.add(socket);
            if (i < slow) {
                Thread reader = new Thread(() -> readSlowly(socket), "slow-reader");
                reader.setDaemon(true);
                reader.start();
            }
        }
        Thread.sleep(Math.min(RAMP.toMillis(), time.toMillis()));
        long earlyRss = rss(server);
        long[] early = Arrays.stream(frames).mapToLong(AtomicLong::get).toArray();
        long earlyBytes = bytes.get();
        long start = System.nanoTime();
        Thread.sleep(Math.max(0, time.minus(RAMP).toMillis()));
        double seconds = (System.nanoTime() - start) / 1e9;
        long endRss = rss(server);
        long[] counts = new long[clients];
        for (int i = 0; i < clients; i++) {
            counts[i] = frames[i].get() - early[i];
        }
        Arrays.sort(counts);
        int stoppedClosed = 0;
        for (int i = slow; i < sockets.size(); i++) {
            stoppedClosed += closedByServer(sockets.get(i)) ? 1 : 0;
        }
        connections.forEach(Disposable::dispose);
        for (Socket socket : sockets) {
            socket.close();
        }
        Thread.sleep(500);
        return new Result(counts[0] / seconds, counts[counts.length / 2] / seconds, counts[counts.length - 1] / seconds,
                (bytes.get() - earlyBytes) / seconds / 1e6, errors.get(), stoppedClosed, earlyRss, endRss);
    }

    private static void handshake(Socket socket, String path) throws IOException {
        String key = Base64.getEncoder().encodeToString("fluxion-bench-key".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void readSlowly(Socket socket) {
        byte[] chunk = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(chunk) >= 0) {
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // closed at the end of the phase
        }
    }

    /** True when the server has closed the connection: what is buffered drains to end-of-stream within 5 s. */
    private static boolean closedByServer(Socket socket) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] drain = new byte[1 << 16];
            while (System.nanoTime() < deadline) {
                if (in.read(drain) < 0) {
                    return true;
                }
            }
            return false; // still sending: not closed
        } catch (IOException e) {
            return e instanceof java.net.SocketException; // a reset is a close; a timeout is not
        }
    }

    private static Process startServer(Path models) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-Dfluxion.noRelaunch=true", "-cp", System.getProperty("java.class.path"), Fluxion.class.getName(), "serve",
                "--port", "0", "--max-streams", "1024", "--models", models.toString());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Path log = Files.createTempFile("fluxion-serve", ".log");
        builder.redirectError(log.toFile());
        return builder.start();
    }

    private static int portOf(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("serving http://[^:]+:(\\d+)/");
        String line;
        while ((line = lines.readLine()) != null) {
            Matcher m = serving.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IOException("the server ended before it served (exit " + waitQuietly(server) + ")");
    }

    private static int waitQuietly(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The process's resident memory in bytes (Linux), 0 where unknown. */
    private static long rss(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) << 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
