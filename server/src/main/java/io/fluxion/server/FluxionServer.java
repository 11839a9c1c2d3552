package io.fluxion.server;

import io.fluxion.core.compute.ComputeScheduler;
import io.fluxion.core.model.Model;
import io.fluxion.core.store.ModelKey;
import io.fluxion.core.store.ModelStore;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Fluxion over the network: a Reactor Netty HTTP server offering the models of a
 * {@link ModelStore} as batches, WebSocket frame streams and a browser viewer, and training jobs
 * that add models. The endpoints (all JSON unless said; errors are
 * {@code {"error": "...", "status": N}} with status 400, 404, 409, 413, 429 or 503):
 *
 * <pre>
 * GET    /api/health                      status, instance, uptime, streams, jobs
 * GET    /api/models                      [{name, dimension, labels, steps, solver, trainingSteps, source}]
 * GET    /api/models/{name}/samples       ?n=&amp;format=csv|npy|json&amp;seed=&amp;label=&amp;guidance=   one batch
 * GET    /api/models/{name}/stream        WebSocket: ?particles=&amp;fps=&amp;mode=emitter|trajectory|samples
 *                                          &amp;label=&amp;guidance=&amp;seed=&amp;ages=&amp;labels=&amp;shared=  binary frames ({@link FrameCodec}),
 *                                          JSON control messages in
 * POST   /api/train                       ?name=&amp;format=&amp;steps=&amp;labels=&amp;fill=&amp;seed=  body: the data; 202 and the job
 * GET    /api/jobs, /api/jobs/{id}        training jobs
 * GET    /api/jobs/{id}/events            the job's progress as server-sent events (progress, then done/failed/cancelled)
 * DELETE /api/jobs/{id}                   cancels a job
 * GET    /                                the viewer (WebGL2, served from the jar)
 * </pre>
 *
 * <p>The server keeps no state a client depends on between connections: every model lives in
 * the models folder (or the class path), so several instances can share one folder behind a
 * load balancer. One line per request goes to the access log (SLF4J logger
 * {@code reactor.netty.http.server.AccessLog}). {@link #close()} tells every stream to end
 * (close code 1001), cancels training jobs and waits up to the shutdown grace for connections.
 *
 * <p>Threads: requests and WebSocket writes run on Netty's event loops; frames, batches and
 * training on the {@link ComputeScheduler}; uploads, file reads and writes on
 * {@code boundedElastic}. The server owns the store it is given only if it made it.
 */
public final class FluxionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FluxionServer.class);
    private static final String VIEWER = "/io/fluxion/server/viewer/";

    private final ServerConfig config;
    private final ModelStore store;
    private final boolean ownsStore;
    private final Path temporaryFolder;
    private final ModelCatalog catalog;
    private final FrameSources sources;
    private final SharedEmitters shared;
    private final TrainingJobs jobs;
    private final ClientStream streams;
    private final Sinks.Empty<Void> shutdown = Sinks.empty();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Semaphore batches;
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final long started = System.nanoTime();
    private final DisposableServer server;

    private FluxionServer(ServerConfig config, ModelStore store, boolean ownsStore) throws IOException {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        Path folder = config.modelsFolder();
        if (folder == null) {
            temporaryFolder = Files.createTempDirectory("fluxion-models");
            folder = temporaryFolder;
        } else {
            temporaryFolder = null;
            if (!Files.isDirectory(folder)) {
                throw new IOException("--models " + folder + ": not a folder");
            }
        }
        this.catalog = new ModelCatalog(folder, config.bundled());
        this.sources = new FrameSources(store, catalog);
        this.shared = new SharedEmitters(sources);
        this.jobs = new TrainingJobs(config.maxQueuedJobs());
        this.streams = new ClientStream(sources, shared, config.maxParticles(), config.writeTimeout(), shutdown.asMono());
        this.batches = new Semaphore(2 * Runtime.getRuntime().availableProcessors());
        this.server = bind(HttpServer.create()
                .host(config.host())
                .port(config.port())
                .accessLog(true, args -> AccessLog.create("{} {} {} {} {} {}ms", remote(args), args.method(), args.uri(),
                        args.status(), args.contentLength(), args.duration()))
                .route(this::routes), config);
        LOG.info("serving {} bundled models and the folder {} on http://{}:{}/", config.bundled().size(), catalog.folder(),
                config.host(), port());
    }

    /** Binds, or says in one line why it cannot (the address in use, an unknown host). */
    private static DisposableServer bind(HttpServer server, ServerConfig config) throws IOException {
        try {
            return server.bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + reason, e);
        }
    }

    /** Starts a server on its own model store (closed with the server). @throws IOException when the models folder is unusable */
    public static FluxionServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        return new FluxionServer(config, ModelStore.create(), true);
    }

    /** Starts a server on the caller's store (which the caller closes after the server). */
    public static FluxionServer start(ServerConfig config, ModelStore store) throws IOException {
        return new FluxionServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(store, "store"), false);
    }

    /** @return the port bound (the chosen one when the config asked for 0) */
    public int port() {
        return server.port();
    }

    /** @return the folder the server reads models from and writes trained models to */
    public Path modelsFolder() {
        return catalog.folder();
    }

    /** @return WebSocket streams open now */
    public int openStreams() {
        return openStreams.get();
    }

    /** Blocks until the server has closed (for a command that serves until interrupted). */
    public void awaitClose() {
        server.onDispose().block();
    }

    private void routes(HttpServerRoutes routes) {
        routes.get("/api/health", (req, res) -> json(res, 200, health()))
                .get("/api/models", (req, res) -> handle(res, models().flatMap(list -> json(res, 200, list).then())))
                .get("/api/models/{name}/samples", this::samples)
                .get("/api/models/{name}/stream", this::stream)
                .post("/api/train", this::train)
                .get("/api/jobs", (req, res) -> json(res, 200, jobs.list()))
                .get("/api/jobs/{id}", (req, res) -> handle(res, Mono.fromCallable(() -> jobs.get(req.param("id")).toJson())
                        .flatMap(job -> json(res, 200, job).then())))
                .get("/api/jobs/{id}/events", this::jobEvents)
                .delete("/api/jobs/{id}", (req, res) -> handle(res, Mono.fromCallable(() -> jobs.cancel(req.param("id")).toJson())
                        .flatMap(job -> json(res, 200, job).then())))
                .get("/", (req, res) -> resource(res, "index.html", "text/html; charset=utf-8"))
                .get("/viewer.js", (req, res) -> resource(res, "viewer.js", "text/javascript; charset=utf-8"))
                .route(req -> true, (req, res) -> error(res, ApiException.notFound("no endpoint " + req.method() + " "
                        + ModelCatalog.abbreviate(new QueryStringDecoder(req.uri()).path()) + " (see GET /api/health)")));
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("instance", instance);
        health.put("uptimeSeconds", (System.nanoTime() - started) / 1_000_000_000L);
        health.put("streams", openStreams.get());
        health.put("sharedEmitters", shared.running());
        health.put("trainingJobs", jobs.pending());
        return health;
    }

    private Mono<List<Map<String, Object>>> models() {
        return Mono.fromCallable(catalog::names).subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(name -> Mono.defer(() -> store.get(catalog.key(name))).map(model -> catalog.describe(name, model))
                        .onErrorResume(e -> Mono.just(Map.of("name", name, "error", Json.message(e)))))
                .collectList();
    }

    private Publisher<Void> samples(HttpServerRequest req, HttpServerResponse res) {
        return handle(res, Mono.defer(() -> {
            String name = ModelCatalog.checkName(req.param("name"));
            Function<String, String> query = query(req, SAMPLE_PARAMETERS);
            int n = StreamSettings.intIn("n", StreamSettings.orDefault(query.apply("n"), "1000"), 1, config.maxParticles());
            String format = SampleBatches.checkFormat(StreamSettings.orDefault(SampleBatches.lower(query.apply("format")), "csv"));
            long seed = StreamSettings.longOf("seed", StreamSettings.orDefault(query.apply("seed"), "0"));
            StreamSettings settings = StreamSettings.fromQuery(name, query, config.maxParticles());
            ModelKey key = catalog.key(name);
            if (!batches.tryAcquire()) {
                throw new ApiException(429, "busy: " + batches.availablePermits() + " batch slots free; try again shortly");
            }
            return Mono.usingWhen(store.lease(key),
                            lease -> Mono.fromCallable(() -> {
                                Model model = lease.model();
                                int label = FrameSources.labelIndex(model, settings);
                                Model sampled = label < 0 ? model : model.conditioned(label, settings.guidance());
                                return SampleBatches.sample(name, sampled, n, seed, format);
                            }).subscribeOn(ComputeScheduler.shared()),
                            lease -> Mono.fromRunnable(lease::close))
                    .doFinally(signal -> batches.release())
                    .flatMap(batch -> {
                        res.status(200).header(HttpHeaderNames.CONTENT_TYPE, batch.contentType())
                                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(batch.bytes().length));
                        if (batch.fileName() != null) {
                            res.header(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + batch.fileName() + "\"");
                        }
                        return res.sendByteArray(Mono.just(batch.bytes())).then();
                    });
        }));
    }

    private Publisher<Void> stream(HttpServerRequest req, HttpServerResponse res) {
        return handle(res, Mono.defer(() -> {
            if (!req.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                throw ApiException.badRequest("this endpoint is a WebSocket: connect with a WebSocket client (ws://.../stream)");
            }
            StreamSettings settings = StreamSettings.fromQuery(req.param("name"), query(req, StreamSettings.QUERY_PARAMETERS),
                    config.maxParticles());
            return sources.resolve(settings).flatMap(resolved -> {
                if (openStreams.incrementAndGet() > config.maxStreams()) {
                    openStreams.decrementAndGet();
                    return Mono.error(new ApiException(429, "too many streams (" + config.maxStreams() + " open); try again later"));
                }
                AtomicBoolean counted = new AtomicBoolean(true);
                Runnable uncount = () -> {
                    if (counted.compareAndSet(true, false)) {
                        openStreams.decrementAndGet();
                    }
                };
                return res.sendWebsocket((WebsocketInbound in, WebsocketOutbound out) -> streams.serve(resolved, in, out)
                                        .doFinally(signal -> uncount.run()),
                                WebsocketServerSpec.builder().maxFramePayloadLength(ClientStream.MAX_CONTROL_BYTES).build())
                        .doOnError(error -> uncount.run()) // the upgrade failed: the handler never ran
                        .then();
            });
        }));
    }

    private Publisher<Void> train(HttpServerRequest req, HttpServerResponse res) {
        return handle(res, Mono.defer(() -> {
            Function<String, String> query = query(req, TRAIN_PARAMETERS);
            String nameParameter = query.apply("name");
            if (nameParameter == null) {
                throw ApiException.badRequest("name is required: POST /api/train?name=NAME with the data as the body");
            }
            String name = ModelCatalog.checkName(nameParameter);
            if (catalog.isBundled(name)) {
                throw new ApiException(409, "'" + name + "' is a bundled model; choose another name");
            }
            String format = SampleBatches.lower(query.apply("format"));
            boolean labels = StreamSettings.bool("labels", StreamSettings.orDefault(query.apply("labels"), "false"));
            String fill = StreamSettings.orDefault(query.apply("fill"), "surface");
            Integer steps = query.apply("steps") == null ? null
                    : StreamSettings.intIn("steps", query.apply("steps"), 1, config.maxTrainingSteps());
            long seed = StreamSettings.longOf("seed", StreamSettings.orDefault(query.apply("seed"), "0"));
            long declared = req.requestHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
            if (declared > config.maxBodyBytes()) {
                throw tooLarge();
            }
            return body(req)
                    .publishOn(Schedulers.boundedElastic())
                    .map(bytes -> {
                        try {
                            return DataUpload.read(bytes, format, labels, fill);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(data -> jobs.submit(name, catalog.fileFor(name), data, steps, seed))
                    .flatMap(job -> json(res, 202, job.toJson()).then());
        }));
    }

    /** The request body, refused with 413 once it passes the limit. */
    private Mono<byte[]> body(HttpServerRequest req) {
        long limit = config.maxBodyBytes();
        return req.receive()
                .reduceWith(ByteArrayOutputStream::new, (bytes, buf) -> {
                    if (bytes.size() + (long) buf.readableBytes() > limit) {
                        throw tooLarge();
                    }
                    try {
                        buf.readBytes(bytes, buf.readableBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return bytes;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private ApiException tooLarge() {
        return new ApiException(413, "the body is larger than the limit of " + config.maxBodyBytes() + " bytes");
    }

    private Publisher<Void> jobEvents(HttpServerRequest req, HttpServerResponse res) {
        return handle(res, Mono.defer(() -> {
            Flux<String> events = jobs.states(req.param("id"))
                    .map(state -> "event: " + eventName(state) + "\ndata: " + Json.write(state) + "\n\n");
            return res.status(200)
                    .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                    .sendString(events.takeUntilOther(shutdown.asMono()), StandardCharsets.UTF_8)
                    .then();
        }));
    }

    private static String eventName(Map<String, Object> state) {
        Object name = state.get("state");
        return "queued".equals(name) || "running".equals(name) ? "progress" : String.valueOf(name);
    }

    private Publisher<Void> resource(HttpServerResponse res, String name, String contentType) {
        return handle(res, Mono.fromCallable(() -> {
            try (InputStream in = FluxionServer.class.getResourceAsStream(VIEWER + name)) {
                if (in == null) {
                    throw ApiException.notFound("the viewer's " + name + " is missing from the jar");
                }
                return in.readAllBytes();
            }
        }).flatMap(bytes -> res.status(200).header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes)).then()));
    }

    /** Runs a handler; an {@link ApiException} (or any failure) becomes a JSON error response. */
    private Mono<Void> handle(HttpServerResponse res, Mono<Void> handler) {
        return handler.onErrorResume(error -> {
            if (res.hasSentHeaders()) {
                LOG.warn("failed after the response started: {}", Json.message(error));
                return Mono.empty();
            }
            if (error instanceof ApiException api) {
                return error(res, api);
            }
            Throwable cause = error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
            if (cause instanceof ApiException api) {
                return error(res, api);
            }
            if (cause instanceof java.nio.file.NoSuchFileException) {
                return error(res, ApiException.notFound("the model's file is gone: " + Json.message(cause)));
            }
            LOG.warn("request failed: {}", Json.message(cause));
            return error(res, new ApiException(500, Json.message(cause)));
        });
    }

    private Mono<Void> error(HttpServerResponse res, ApiException error) {
        if (error.status() == 413) {
            // the rest of the body was never read: the connection cannot carry another request
            res.keepAlive(false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        body.put("status", error.status());
        return json(res, error.status(), body);
    }

    private Mono<Void> json(HttpServerResponse res, int status, Object body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        return res.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .header("X-Fluxion-Instance", instance)
                .sendByteArray(Mono.just(bytes)).then();
    }

    /** The query parameters of {@code GET /api/models/{name}/samples}. */
    private static final Set<String> SAMPLE_PARAMETERS = Set.of("n", "format", "seed", "label", "guidance");
    /** The query parameters of {@code POST /api/train}. */
    private static final Set<String> TRAIN_PARAMETERS = Set.of("name", "format", "labels", "fill", "steps", "seed");

    /**
     * The request's query parameters by name (the last value of a repeated one).
     *
     * @throws ApiException 400 naming a parameter the endpoint does not take (a misspelt one
     *                      would otherwise be ignored without a word), and the ones it takes
     */
    private static Function<String, String> query(HttpServerRequest req, Set<String> accepted) {
        Map<String, List<String>> parameters = new QueryStringDecoder(req.uri()).parameters();
        for (String name : parameters.keySet()) {
            if (!accepted.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + name + "'; this endpoint takes "
                        + String.join(", ", new java.util.TreeSet<>(accepted)));
            }
        }
        return key -> {
            List<String> values = parameters.get(key);
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        };
    }

    private static String remote(AccessLogArgProvider args) {
        java.net.SocketAddress address = args.connectionInformation() != null ? args.connectionInformation().remoteAddress() : null;
        return address == null ? "-" : address.toString();
    }

    /**
     * Graceful shutdown: streams are told to end (close code 1001), training jobs are cancelled,
     * and connections get up to the shutdown grace to close before the server stops. Idempotent.
     */
    @Override
    public void close() {
        if (server.isDisposed()) {
            return;
        }
        shutdown.tryEmitEmpty();
        jobs.close();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (openStreams.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.disposeNow(config.shutdownGrace().isZero() ? Duration.ofMillis(1) : config.shutdownGrace());
        if (ownsStore) {
            store.close();
        }
        if (temporaryFolder != null) {
            deleteQuietly(temporaryFolder);
        }
        LOG.info("server stopped");
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            List<Path> list = new ArrayList<>(files.toList());
            for (Path file : list) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", folder, e.getMessage());
        }
    }
}
