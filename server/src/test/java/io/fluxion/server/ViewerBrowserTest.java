package io.fluxion.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxion.core.data.Datasets;
import io.fluxion.core.model.Model;
import io.fluxion.core.model.ModelFiles;
import io.fluxion.core.train.CfmTrainer;
import io.fluxion.core.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The viewer in a real browser: headless Chromium (driven over the DevTools protocol) loads
 * {@code /}, particles appear on the canvas (the screenshot's pixels are checked) and the page
 * logs no errors. Skipped where no Chromium is installed ({@code .ci/run} installs Debian's).
 */
class ViewerBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theViewerDrawsParticlesWithoutErrors(@TempDir Path folder) throws Exception {
        String chromium = findChromium();
        Assumptions.assumeTrue(chromium != null, "no chromium on the PATH");
        Model moons = CfmTrainer.train(Datasets.moons(), TrainingConfig.builder().width(32).depth(2).batchSize(256).steps(200)
                .seed(1).reportEvery(200).build()).blockLast().model();
        ModelFiles.save(moons, folder.resolve("moons.fluxion"));
        Path profile = Files.createDirectories(folder.resolve("profile"));
        try (FluxionServer server = FluxionServer.start(ServerConfig.builder().port(0).modelsFolder(folder).build())) {
            Process browser = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--use-angle=swiftshader",
                    "--enable-unsafe-swiftshader", "--window-size=800,600", "--remote-debugging-port=0",
                    "--remote-allow-origins=*", "--user-data-dir=" + profile, "--no-first-run", "about:blank")
                    .redirectErrorStream(true).start();
            try {
                String endpoint = devToolsEndpoint(browser);
                String page = pageTarget(endpoint);
                try (DevTools devTools = new DevTools(page)) {
                    devTools.call("Runtime.enable", null);
                    devTools.call("Log.enable", null);
                    devTools.call("Page.enable", null);
                    ObjectNode navigate = JSON.createObjectNode().put("url", "http://127.0.0.1:" + server.port()
                            + "/?model=moons");
                    devTools.call("Page.navigate", navigate);
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    int frames = -1;
                    while (frames < 30 && System.nanoTime() < deadline) {
                        Thread.sleep(250);
                        JsonNode value = devTools.call("Runtime.evaluate", JSON.createObjectNode()
                                .put("expression", "window.fluxionStats ? window.fluxionStats.frames : -1")
                                .put("returnByValue", true)).path("result").path("value");
                        frames = value.asInt(-1);
                    }
                    assertTrue(frames >= 30, "the page received frames over its WebSocket: " + frames);
                    Thread.sleep(300); // a few more draws
                    String png = devTools.call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                            .path("data").asText();
                    byte[] pngBytes = Base64.getDecoder().decode(png);
                    Files.write(Path.of("target", "viewer-screenshot.png"), pngBytes);
                    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(pngBytes));
                    int lit = particlePixels(shot);
                    System.out.printf("viewer: %d frames, %d particle pixels in the %d x %d screenshot%n", frames, lit,
                            shot.getWidth(), shot.getHeight());
                    assertTrue(lit > 400, "particles drawn on the canvas: " + lit + " lit pixels");
                    assertEquals(List.of(), devTools.errors(), "the page logs no errors");
                }
            } finally {
                browser.destroyForcibly().waitFor();
            }
        }
    }

    /** Pixels below the control panel (the top 200) and above the status line that are far brighter than the background. */
    private static int particlePixels(BufferedImage shot) {
        int lit = 0;
        for (int y = 200; y < shot.getHeight() - 40; y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                int sum = (rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255);
                lit += sum > 150 ? 1 : 0;
            }
        }
        return lit;
    }

    static String findChromium() {
        String configured = System.getenv("FLUXION_CHROMIUM");
        if (configured != null && new File(configured).canExecute()) {
            return configured;
        }
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File candidate = new File(dir, name);
                if (candidate.canExecute()) {
                    return candidate.getPath();
                }
            }
        }
        return null;
    }

    /** Reads the browser's output until it names its DevTools port. */
    private static String devToolsEndpoint(Process browser) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe from filling
                        }
                    } catch (IOException ignored) {
                        // the browser ended
                    }
                }, "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.add(line);
        }
        throw new AssertionError("chromium ended without a DevTools endpoint: " + String.join("\n", seen));
    }

    /** The WebSocket address of the browser's first page. */
    private static String pageTarget(String browserEndpoint) throws IOException {
        String http = browserEndpoint.replace("ws://", "http://").replaceAll("/devtools/.*", "/json/list");
        String list = HttpClient.create().get().uri(http).responseContent().aggregate().asString().block(Duration.ofSeconds(20));
        for (JsonNode target : JSON.readTree(list)) {
            if ("page".equals(target.path("type").asText())) {
                return target.get("webSocketDebuggerUrl").asText();
            }
        }
        throw new AssertionError("no page target in " + list);
    }

    /** A minimal DevTools protocol client: numbered calls, and the page's errors collected from its events. */
    static final class DevTools implements AutoCloseable {
        private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
        private final Map<Integer, Sinks.One<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final Disposable connection;

        DevTools(String url) {
            connection = HttpClient.create().websocket(reactor.netty.http.client.WebsocketClientSpec.builder()
                            .maxFramePayloadLength(64 << 20).build()).uri(url)
                    .handle((in, out) -> Mono.when(
                            in.aggregateFrames(64 << 20).receive().asString().doOnNext(this::received).then(),
                            out.sendString(outgoing.asFlux()).then()))
                    .subscribe();
        }

        JsonNode call(String method, JsonNode params) {
            int id = ids.incrementAndGet();
            Sinks.One<JsonNode> result = Sinks.one();
            pending.put(id, result);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            if (params != null) {
                message.set("params", params);
            }
            outgoing.tryEmitNext(message.toString());
            JsonNode reply = result.asMono().block(Duration.ofSeconds(30));
            if (reply == null || reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply);
            }
            return reply.get("result");
        }

        private void received(String text) {
            try {
                JsonNode message = JSON.readTree(text);
                if (message.has("id")) {
                    Sinks.One<JsonNode> result = pending.remove(message.get("id").asInt());
                    if (result != null) {
                        result.tryEmitValue(message);
                    }
                    return;
                }
                String method = message.path("method").asText();
                JsonNode params = message.path("params");
                if (method.equals("Runtime.exceptionThrown")) {
                    errors.add("exception: " + params.path("exceptionDetails"));
                } else if (method.equals("Runtime.consoleAPICalled")
                        && List.of("error", "warning", "assert").contains(params.path("type").asText())) {
                    errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                } else if (method.equals("Log.entryAdded") && "error".equals(params.path("entry").path("level").asText())) {
                    errors.add("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url"));
                }
            } catch (IOException e) {
                errors.add("unreadable DevTools message: " + e.getMessage());
            }
        }

        List<String> errors() {
            return List.copyOf(errors);
        }

        @Override
        public void close() {
            connection.dispose();
        }
    }
}
