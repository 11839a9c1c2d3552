package io.fluxion.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.data.PointSource;
import io.fluxion.core.io.Npy;
import io.fluxion.core.io.NpyArray;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.store.ModelStore;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/** The server in-process on a loopback port: every endpoint and error, frames read back independently, control, release. */
class FluxionServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path folder;
    static ModelStore store;
    static FluxionServer server;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        TrainingConfig small = TrainingConfig.builder().width(32).depth(2).batchSize(256).steps(150).seed(1).reportEvery(150).build();
        Model moons = CfmTrainer.train(Datasets.moons(), small).blockLast().model();
        ModelFiles.save(moons, folder.resolve("moons.fluxion"));
        PointSource left = Datasets.gaussianMixture(new double[] {1}, new double[][] {{-3, 0}}, new double[] {0.3});
        PointSource right = Datasets.gaussianMixture(new double[] {1}, new double[][] {{3, 0}}, new double[] {0.3});
        Model blobs = CfmTrainer.train(Datasets.labelled("blobs", List.of("left", "right"), List.of(left, right)),
                TrainingConfig.builder().width(32).depth(2).batchSize(256).steps(400).seed(2).reportEvery(400).build())
                .blockLast().model();
        ModelFiles.save(blobs, folder.resolve("blobs.fluxion"));
        Model glyphs = CfmTrainer.train(Datasets.glyphs("AB"), TrainingConfig.builder().width(32).depth(2).batchSize(256)
                .steps(200).seed(3).reportEvery(200).build()).blockLast().model();
        ModelFiles.save(glyphs, folder.resolve("glyphs.fluxion"));
        Files.writeString(folder.resolve("broken.fluxion"), "not a model");
        store = ModelStore.create();
        server = FluxionServer.start(ServerConfig.builder().port(0).modelsFolder(folder).maxParticles(60_000)
                .maxBodyBytes(256 * 1024).maxQueuedJobs(1).writeTimeout(Duration.ofSeconds(1)).build(), store);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    record Response(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Response get(String path) {
        return request("GET", path, null);
    }

    static Response request(String method, String path, byte[] body) {
        HttpClient client = HttpClient.create();
        var sender = client.request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(base + path);
        var receiver = body == null ? sender : sender.send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)));
        return receiver.responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                .map(bytes -> new Response(res.status().code(), res.responseHeaders().get("Content-Type"), bytes)))
                .block(WAIT);
    }

    static void assertError(Response response, int status, String says) throws IOException {
        assertEquals(status, response.status(), response.text());
        assertEquals("application/json", response.contentType());
        JsonNode json = response.json();
        assertEquals(status, json.get("status").asInt());
        assertTrue(json.get("error").asText().contains(says), json.get("error").asText());
    }

    /** A number from {@code GET /api/health}. */
    static int health(String field) {
        try {
            return get("/api/health").json().get(field).asInt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void healthAndModels() throws IOException {
        JsonNode health = get("/api/health").json();
        assertEquals("ok", health.get("status").asText());
        assertFalse(health.get("instance").asText().isEmpty());
        Response models = get("/api/models");
        assertEquals(200, models.status());
        Map<String, JsonNode> byName = new ConcurrentHashMap<>();
        models.json().forEach(model -> byName.put(model.get("name").asText(), model));
        assertEquals(2, byName.get("moons").get("dimension").asInt());
        assertEquals(0, byName.get("moons").get("labels").size());
        assertEquals(25, byName.get("moons").get("steps").asInt());
        assertEquals("moons.fluxion", byName.get("moons").get("source").asText());
        assertEquals("[\"left\",\"right\"]", byName.get("blobs").get("labels").toString());
        assertTrue(byName.get("broken").has("error"), "a file that does not load is listed with its error");
    }

    @Test
    void batchesInEveryFormat() throws IOException {
        Response csv = get("/api/models/moons/samples?n=500&seed=3");
        assertEquals(200, csv.status());
        String[] lines = csv.text().split("\n");
        assertEquals("x,y", lines[0]);
        assertEquals(501, lines.length);
        assertEquals(csv.text(), get("/api/models/moons/samples?n=500&seed=3").text(), "a seed gives the same batch");
        Response npy = get("/api/models/moons/samples?n=300&format=npy");
        NpyArray array = Npy.read(npy.body(), "response");
        assertArrayEquals(new int[] {300, 2}, array.shape());
        JsonNode json = get("/api/models/blobs/samples?n=400&format=json&label=right").json();
        assertEquals(400, json.get("count").asInt());
        double meanX = 0;
        for (JsonNode point : json.get("points")) {
            meanX += point.get(0).asDouble() / 400;
        }
        assertEquals(3, meanX, 0.6, "label=right samples the right blob");
        JsonNode byNumber = get("/api/models/blobs/samples?n=400&format=json&label=0&guidance=2").json();
        assertTrue(byNumber.get("points").get(0).get(0).asDouble() < 0, "label 0 is the left blob");
    }

    @Test
    void badBatchRequestsAreJsonErrors() throws IOException {
        assertError(get("/api/models/moons/samples?n=0"), 400, "n must be an integer in [1, 60000], got '0'");
        assertError(get("/api/models/moons/samples?n=1e9"), 400, "n must be an integer");
        assertError(get("/api/models/moons/samples?format=xml"), 400, "format must be csv, npy or json");
        assertError(get("/api/models/nope/samples"), 404, "no model 'nope'");
        assertError(get("/api/models/..%2F..%2Fetc%2Fpasswd/samples"), 400, "model name must be");
        assertError(get("/api/models/.hidden/samples"), 400, "model name must be");
        assertError(get("/api/models/moons/samples?label=left"), 400, "not conditional");
        assertError(get("/api/models/blobs/samples?label=middle"), 400, "label");
        assertError(get("/api/models/blobs/samples?label=0&guidance=nan"), 400, "guidance must be a finite number");
        assertError(get("/api/models/broken/samples"), 500, "");
        // a misspelt or unsupported parameter is named, not ignored
        assertError(get("/api/models/moons/samples?n=10&steps=4"), 400,
                "unknown parameter 'steps'; this endpoint takes format, guidance, label, n, seed");
        assertError(request("POST", "/api/train?name=x&partcles=5", "1,2\n".getBytes(StandardCharsets.UTF_8)), 400,
                "unknown parameter 'partcles'");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            assertTrue(handshake(socket, "/api/models/moons/stream?partcles=5").startsWith("HTTP/1.1 400"),
                    "a stream with an unknown parameter is refused before the upgrade");
        }
        assertError(get("/api/nothing"), 404, "no endpoint GET /api/nothing");
        assertError(get("/api/models/moons/stream"), 400, "WebSocket");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            assertTrue(handshake(socket, "/api/models/moons/stream?mode=text&text=AB").startsWith("HTTP/1.1 400"),
                    "a text stream of a model without glyphs is refused before the upgrade");
        }
        assertEquals(200, get("/api/health").status(), "still serving");
    }

    @Test
    void aLinkOutOfTheFolderIsNotServed(@TempDir Path outside) throws IOException {
        Files.copy(folder.resolve("moons.fluxion"), outside.resolve("secret.fluxion"));
        Files.createSymbolicLink(folder.resolve("secret.fluxion"), outside.resolve("secret.fluxion"));
        try {
            assertError(get("/api/models/secret/samples"), 404, "no model 'secret'");
            assertFalse(get("/api/models").text().contains("secret"));
        } finally {
            Files.delete(folder.resolve("secret.fluxion"));
        }
    }

    /** A WebSocket client that records binary frames and text messages, and can send control messages. */
    static final class Client {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
        final Sinks.One<Integer> closeCode = Sinks.one();
        final reactor.core.Disposable connection;

        Client(String path) {
            connection = HttpClient.create().websocket().uri(base.replace("http", "ws") + path)
                    .handle((in, out) -> {
                        in.receiveCloseStatus().subscribe(status -> closeCode.tryEmitValue(status.code()));
                        Mono<Void> reading = in.aggregateFrames(16 << 20).receiveFrames().doOnNext(frame -> {
                            if (frame instanceof BinaryWebSocketFrame binary) {
                                frames.add(ByteBufUtil.getBytes(binary.content()));
                            } else if (frame instanceof TextWebSocketFrame text) {
                                texts.add(text.text());
                            }
                        }).then();
                        return Mono.when(reading, out.sendString(outgoing.asFlux()).then());
                    })
                    .subscribe(v -> { }, e -> closeCode.tryEmitValue(-1));
        }

        void send(String message) {
            outgoing.tryEmitNext(message);
        }

        WireFrame frame(int i) {
            return WireFrame.decode(frames.get(i));
        }

        void close() {
            connection.dispose();
        }
    }

    @Test
    void anEmitterStreamsFramesInTheDocumentedLayout() throws Exception {
        Client client = new Client("/api/models/blobs/stream?particles=3000&fps=60&label=right&ages=true&labels=true&seed=5");
        try {
            await(() -> client.frames.size() >= 20, "20 frames");
            WireFrame first = client.frame(0);
            WireFrame last = client.frame(19);
            assertEquals(1, first.version());
            assertEquals(3, last.flags(), "ages and labels");
            assertEquals(2, last.dimension());
            assertTrue(last.index() > first.index());
            assertTrue(last.count() > first.count() && last.count() <= 3000, "the emitter fills up: " + last.count());
            assertTrue(Float.isNaN(last.time()), "an emitter's particles have their own times");
            for (int i = 0; i < last.count(); i++) {
                assertEquals(1, last.labels()[i], "every particle is of class right");
                assertTrue(last.ages()[i] >= 0 && last.ages()[i] <= 1, "age in [0, 1]: " + last.ages()[i]);
                assertTrue(Float.isFinite(last.positions()[2 * i]) && Float.isFinite(last.positions()[2 * i + 1]));
            }
        } finally {
            client.close();
        }
        await(() -> server.openStreams() == 0, "the stream to end");
        await(() -> store.stats().openLeases() == 0, "the stream's lease to close");
    }

    @Test
    void trajectoryAndSampleModes() throws Exception {
        Client trajectory = new Client("/api/models/moons/stream?mode=trajectory&particles=500&fps=120");
        Client samples = new Client("/api/models/moons/stream?mode=samples&particles=700&fps=120");
        try {
            await(() -> trajectory.frames.size() >= 30 && samples.frames.size() >= 3, "frames of both");
            WireFrame t0 = trajectory.frame(0);
            assertEquals(500, t0.count());
            assertEquals(0, t0.flags());
            assertEquals(0.0, t0.time(), 1e-6, "a trajectory starts at t = 0");
            assertEquals(1.0, trajectory.frame(25).time(), 1e-6, "and reaches t = 1 after the model's 25 steps");
            assertEquals(700, samples.frame(2).count());
        } finally {
            trajectory.close();
            samples.close();
        }
        await(() -> server.openStreams() == 0, "the streams to end");
    }

    @Test
    void controlMessagesChangeTheStreamLive() throws Exception {
        Client client = new Client("/api/models/blobs/stream?particles=2000&fps=60&labels=true&label=left");
        try {
            await(() -> client.frames.size() >= 5, "frames");
            client.send("{\"particles\": 400, \"label\": \"right\"}");
            await(() -> !client.texts.isEmpty(), "the acknowledgement");
            JsonNode ack = JSON.readTree(client.texts.get(0));
            assertEquals(400, ack.get("settings").get("particles").asInt());
            assertEquals("right", ack.get("settings").get("label").asText());
            int changedAt = client.frames.size();
            await(() -> client.frames.size() >= changedAt + 10, "frames after the change");
            WireFrame after = client.frame(client.frames.size() - 1);
            assertTrue(after.count() <= 400, "at most the new particle count: " + after.count());
            assertEquals(1, after.labels()[0], "the new class");

            client.send("{\"particles\": -1}");
            client.send("{\"colour\": \"red\"}");
            client.send("not json");
            client.send("{\"model\": \"nope\"}");
            await(() -> client.texts.size() >= 5, "four error replies");
            assertTrue(client.texts.get(1).contains("particles must be an integer in [1, 60000]"), client.texts.get(1));
            assertTrue(client.texts.get(2).contains("unknown control field 'colour'"), client.texts.get(2));
            assertTrue(client.texts.get(3).contains("not JSON"), client.texts.get(3));
            assertTrue(client.texts.get(4).contains("no model 'nope'"), client.texts.get(4));
            int before = client.frames.size();
            await(() -> client.frames.size() >= before + 5, "the stream carrying on after bad messages");

            client.send("{\"model\": \"moons\", \"label\": null, \"mode\": \"samples\"}");
            await(() -> client.texts.size() >= 6, "the model switch");
            await(() -> client.frame(client.frames.size() - 1).count() == 400, "a batch of the other model");
        } finally {
            client.close();
        }
        await(() -> server.openStreams() == 0 && store.stats().openLeases() == 0, "the stream and its leases to end");
    }

    @Test
    void textModeWritesWordsAndChangesThemWithoutARestart() throws Exception {
        Client client = new Client("/api/models/glyphs/stream?mode=text&text=AB&particles=1000&fps=60");
        try {
            await(() -> client.frames.size() >= 5, "frames");
            assertEquals(1000, client.frame(4).count());
            client.send("{\"text\": \"BA\"}");
            await(() -> !client.texts.isEmpty(), "the acknowledgement");
            assertTrue(client.texts.get(0).contains("\"text\":\"BA\""), client.texts.get(0));
            int changedAt = client.frames.size();
            await(() -> client.frames.size() >= changedAt + 5, "frames after the change");
            long before = client.frame(changedAt - 1).index();
            long after = client.frame(client.frames.size() - 1).index();
            assertTrue(after > before, "the same stream carries on (frame " + before + " then " + after + "), not a new one");
            client.send("{\"text\": \"\"}");
            await(() -> client.texts.size() >= 2, "the refusal");
            assertTrue(client.texts.get(1).contains("text must be 1 to 200 characters"), client.texts.get(1));
        } finally {
            client.close();
        }
        Client wrong = new Client("/api/models/moons/stream?mode=text&text=AB");
        await(() -> wrong.closeCode.asMono().block(WAIT) != null, "the refusal");
        assertEquals(0, wrong.frames.size(), "moons is no glyph model: no stream");
        await(() -> server.openStreams() == 0 && store.stats().openLeases() == 0, "the streams and leases to end");
    }

    @Test
    void spectatorsShareOneEmitterAndOneEncoding() throws Exception {
        List<Client> spectators = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            spectators.add(new Client("/api/models/moons/stream?shared=true&particles=2000&fps=30"));
        }
        try {
            await(() -> spectators.stream().allMatch(c -> c.frames.size() >= 10), "frames for every spectator");
            assertEquals(1, health("sharedEmitters"));
            Map<Long, byte[]> seen = new ConcurrentHashMap<>();
            int same = 0;
            for (Client spectator : spectators) {
                for (byte[] frame : spectator.frames) {
                    byte[] earlier = seen.putIfAbsent(WireFrame.decode(frame).index(), frame);
                    if (earlier != null) {
                        assertArrayEquals(earlier, frame, "one frame, one encoding");
                        same++;
                    }
                }
            }
            assertTrue(same > 10, "spectators receive the same frames: " + same);
            spectators.get(0).send("{\"particles\": 10}");
            await(() -> !spectators.get(0).texts.isEmpty(), "the refusal");
            assertTrue(spectators.get(0).texts.get(0).contains("spectator"), spectators.get(0).texts.get(0));
        } finally {
            spectators.forEach(Client::close);
        }
        await(() -> server.openStreams() == 0, "the spectators to leave");
        await(() -> health("sharedEmitters") == 0, "the shared emitter to stop");
        await(() -> store.stats().openLeases() == 0, "its lease to close");
    }

    @Test
    void aClientThatStopsReadingIsClosed() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            String status = handshake(socket, "/api/models/moons/stream?particles=50000&fps=120&mode=samples");
            assertTrue(status.startsWith("HTTP/1.1 101"), status);
            await(() -> server.openStreams() == 1, "the stream to open");
            // never read again: the socket buffers fill, the write times out after 1 s, the server closes
            await(() -> server.openStreams() == 0, "the server to close the stalled stream");
        }
        await(() -> store.stats().openLeases() == 0, "its lease to close");
    }

    /** Sends a WebSocket upgrade request by hand; returns the response's status line. */
    static String handshake(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("fluxion-test-key".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] head = new byte[12];
        in.readNBytes(head, 0, 12);
        return new String(head, StandardCharsets.US_ASCII);
    }

    @Test
    void trainingJobsRunReportAndJoinTheModels() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        float[] ring = Datasets.rings().sample(2000, 4);
        for (int i = 0; i < 2000; i++) {
            csv.append(ring[2 * i]).append(',').append(ring[2 * i + 1]).append('\n');
        }
        Response accepted = request("POST", "/api/train?name=ring&steps=60", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(202, accepted.status(), accepted.text());
        String id = accepted.json().get("id").asText();
        List<String> events = HttpClient.create().get().uri(base + "/api/jobs/" + id + "/events")
                .responseContent().asString().collectList().block(WAIT);
        String stream = String.join("", events);
        assertTrue(stream.contains("event: progress"), stream);
        assertTrue(stream.contains("event: done"), stream);
        assertEquals("done", get("/api/jobs/" + id).json().get("state").asText());
        assertTrue(get("/api/models").text().contains("\"name\":\"ring\""));
        assertEquals(200, get("/api/models/ring/samples?n=10").status());

        assertError(request("POST", "/api/train?steps=10", new byte[10]), 400, "name is required");
        assertError(request("POST", "/api/train?name=x", new byte[0]), 400, "body is empty");
        assertError(request("POST", "/api/train?name=x", "1,2\n3,oops\n".getBytes(StandardCharsets.UTF_8)), 400, "csv");
        assertError(request("POST", "/api/train?name=x&format=png", "1,2\n".getBytes(StandardCharsets.UTF_8)), 400, "png");
        assertError(request("POST", "/api/train?name=x&format=tiff", "1,2\n".getBytes(StandardCharsets.UTF_8)), 400, "format");
        assertError(request("POST", "/api/train?name=x&steps=999999", new byte[10]), 400, "steps must be");
        assertError(request("POST", "/api/train?name=../x", new byte[10]), 400, "model name");
        assertError(request("POST", "/api/train?name=big", new byte[300 * 1024]), 413, "larger than the limit");
        assertError(get("/api/jobs/12345"), 404, "no training job");
        assertEquals(200, get("/api/health").status(), "still serving");
    }

    @Test
    void jobsQueueOneAtATimeAndCancel() throws Exception {
        byte[] data = "0,0\n1,1\n2,0\n0,2\n1,0\n0,1\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        String running = request("POST", "/api/train?name=slow1&steps=20000", data).json().get("id").asText();
        JsonNode queued = request("POST", "/api/train?name=slow2&steps=20000", data).json();
        assertEquals("queued", queued.get("state").asText());
        assertEquals(1, queued.get("position").asInt());
        assertError(request("POST", "/api/train?name=slow3&steps=10", data), 429, "training queue is full");
        assertEquals("cancelled", request("DELETE", "/api/jobs/" + queued.get("id").asText(), null).json().get("state").asText());
        assertEquals("cancelled", request("DELETE", "/api/jobs/" + running, null).json().get("state").asText());
        await(() -> health("trainingJobs") == 0, "no jobs pending");
        assertFalse(Files.exists(folder.resolve("slow1.fluxion")), "a cancelled job writes no model");
        JsonNode list = get("/api/jobs").json();
        assertTrue(list.size() >= 2);
    }

    @Test
    void thePythonClientReadsABatchAndAStream() throws Exception {
        Path script = Path.of("..", "tools", "fluxion_client.py");
        Process probe;
        try {
            probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(probe != null && probe.waitFor() == 0, "python3 with NumPy");
        Process client = new ProcessBuilder("python3", script.toString(), "--port", Integer.toString(server.port()),
                "--model", "moons", "--particles", "2000", "--frames", "20").redirectErrorStream(true).start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, client.waitFor(), output);
        assertTrue(output.contains("batch: 5000 samples of d = 2"), output);
        assertTrue(output.contains("stream: 20 frames"), output);
        assertTrue(output.contains("\"particles\":1000"), "the live change was acknowledged: " + output);
    }

    @Test
    void theViewerIsServedFromTheJar() {
        Response page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.text().contains("<canvas"), "a canvas to draw on");
        assertTrue(page.text().contains("viewer.js"));
        assertFalse(page.text().contains("http://") || page.text().contains("https://"), "nothing from a CDN");
        Response script = get("/viewer.js");
        assertEquals(200, script.status());
        assertTrue(script.text().contains("webgl2"));
    }

    @Test
    void shutdownClosesStreamsWithGoingAway(@TempDir Path other) throws Exception {
        Files.copy(folder.resolve("moons.fluxion"), other.resolve("moons.fluxion"));
        FluxionServer second = FluxionServer.start(ServerConfig.builder().port(0).modelsFolder(other).maxStreams(1)
                .maxParticles(5000).build(), store);
        String saved = base;
        base = "http://127.0.0.1:" + second.port();
        try {
            assertEquals(200, get("/api/models/moons/samples?n=10").status(),
                    "a request naming no particles fits a server whose limit is below the default 20 000");
            Client client = new Client("/api/models/moons/stream?particles=1000");
            await(() -> client.frames.size() >= 3, "frames");
            try (Socket socket = new Socket("127.0.0.1", second.port())) {
                String status = handshake(socket, "/api/models/moons/stream");
                assertTrue(status.startsWith("HTTP/1.1 429"), "one stream is the limit here: " + status);
            }
            second.close();
            Integer code = client.closeCode.asMono().block(WAIT);
            assertEquals(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), code, "1001 going away");
            assertEquals(0, second.openStreams());
        } finally {
            base = saved;
            second.close();
        }
        await(() -> store.stats().openLeases() == 0, "leases to close");
    }
}
