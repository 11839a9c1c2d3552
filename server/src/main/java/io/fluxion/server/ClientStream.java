package io.fluxion.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxion.core.stream.ParticleFrame;
import io.fluxion.core.stream.TextEffect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket client of {@code /api/models/{name}/stream}: sends binary frames
 * ({@link FrameCodec}) and reads JSON control messages.
 *
 * <p>Pacing, without a queue: the next frame is computed only once the previous one has been
 * written to the connection and the frame time has passed, so a slow client gets fewer frames
 * and costs no memory beyond the frame being written. A client whose socket takes no frame for
 * the write timeout (it stopped reading) is disconnected. A control message restarts the stream
 * with the changed settings (the frame stream in progress is cancelled and its model lease
 * released) and is answered with {@code {"settings": ...}}, or {@code {"error": ...}} leaving
 * the stream as it was; in text mode a change of the words alone retargets the live particles
 * instead. At shutdown the stream is closed with code 1001; a stream that fails
 * sends {@code {"error": ...}} and closes with 1011.
 */
final class ClientStream {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_ERROR = 1011;
    /** The largest control message accepted. */
    static final int MAX_CONTROL_BYTES = 16 * 1024;

    private final FrameSources sources;
    private final SharedEmitters shared;
    private final int maxParticles;
    private final Duration writeTimeout;
    private final Mono<Void> shutdown;

    ClientStream(FrameSources sources, SharedEmitters shared, int maxParticles, Duration writeTimeout, Mono<Void> shutdown) {
        this.sources = sources;
        this.shared = shared;
        this.maxParticles = maxParticles;
        this.writeTimeout = writeTimeout;
        this.shutdown = shutdown;
    }

    /** Serves one connection until the client closes, the server shuts down, or the stream fails. */
    Mono<Void> serve(FrameSources.Resolved first, WebsocketInbound in, WebsocketOutbound out) {
        Sinks.Many<FrameSources.Resolved> settings = Sinks.many().replay().latest();
        settings.tryEmitNext(first);
        AtomicReference<FrameSources.Resolved> current = new AtomicReference<>(first);
        AtomicReference<TextEffect> text = new AtomicReference<>();

        Mono<Void> frames = settings.asFlux()
                .switchMap(resolved -> {
                    FramePacer pacer = new FramePacer(resolved.settings().shared() ? 0 : resolved.settings().fps());
                    return encodedFrames(resolved, text).concatMap(frame -> send(out, frame).then(untilNextFrame(pacer)), 0);
                })
                .then();
        Mono<Void> control = in.aggregateFrames(MAX_CONTROL_BYTES).receiveFrames()
                .concatMap(message -> {
                    if (!(message instanceof TextWebSocketFrame textFrame)) {
                        return Mono.empty();
                    }
                    return control(textFrame.text(), current, settings, text, out);
                }, 0)
                .then();
        // at shutdown the close frame goes out on its own subscription: neither the stream ending nor the
        // inbound completing on the client's reply may cancel it
        AtomicBoolean closing = new AtomicBoolean();
        Disposable closer = shutdown.then(Mono.defer(() -> {
            closing.set(true);
            return out.sendClose(CLOSE_GOING_AWAY, "server shutting down");
        })).onErrorResume(e -> Mono.empty()).subscribe();
        return Mono.firstWithSignal(control, frames)
                .doFinally(signal -> {
                    if (!closing.get()) {
                        closer.dispose();
                    }
                })
                .onErrorResume(error -> ended(error, in, out));
    }

    /** Encoded frames of the settings, one per request; frames dropped on a change or cancel are released. */
    private Flux<ByteBuf> encodedFrames(FrameSources.Resolved resolved, AtomicReference<TextEffect> text) {
        Flux<ByteBuf> frames;
        if (resolved.settings().shared()) {
            frames = shared.watch(resolved);
        } else {
            int flags = resolved.settings().flags();
            frames = sources.frames(resolved, text::set).map(frame -> encode(frame, flags));
        }
        return frames.doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }

    private static ByteBuf encode(ParticleFrame frame, int flags) {
        try {
            return FrameCodec.encode(frame, frame.sequence(), flags, ByteBufAllocator.DEFAULT);
        } finally {
            frame.release();
        }
    }

    /** The wait the pacer asks for after a frame, as a delay (none when the frame is late). */
    private static Mono<Void> untilNextFrame(FramePacer pacer) {
        return Mono.defer(() -> {
            long wait = pacer.nanosUntilNextFrame();
            return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
        });
    }

    /** Writes one frame; completes when the socket has taken it, errors after the write timeout. */
    private Mono<Void> send(WebsocketOutbound out, ByteBuf frame) {
        return out.sendObject(new BinaryWebSocketFrame(frame)).then()
                .timeout(writeTimeout, Mono.error(() -> new TimeoutException("the client took no frame for "
                        + writeTimeout.toMillis() + " ms")));
    }

    private Mono<Void> control(String message, AtomicReference<FrameSources.Resolved> current,
                               Sinks.Many<FrameSources.Resolved> settings, AtomicReference<TextEffect> text,
                               WebsocketOutbound out) {
        FrameSources.Resolved before = current.get();
        return Mono.fromCallable(() -> {
                    JsonNode json = Json.parse(message);
                    if (before.settings().shared()) {
                        throw ApiException.badRequest("a spectator of a shared emitter cannot change it; open a stream of "
                                + "your own (shared=false)");
                    }
                    return before.settings().with(json, maxParticles);
                })
                .flatMap(sources::resolve)
                .flatMap(resolved -> {
                    TextEffect effect = text.get();
                    if (effect != null && before.settings().onlyTextDiffers(resolved.settings())) {
                        effect.setText(resolved.settings().text()); // the particles flow from the old words to the new
                    } else {
                        settings.tryEmitNext(resolved);
                    }
                    current.set(resolved);
                    return reply(out, Map.of("settings", resolved.settings().toJson()));
                })
                .onErrorResume(error -> reply(out, Map.of("error", Json.message(error))));
    }

    private static Mono<Void> reply(WebsocketOutbound out, Map<String, Object> json) {
        return out.sendObject(new TextWebSocketFrame(Json.write(json))).then();
    }

    /** A stream that failed: a stalled client is cut off, any other failure is reported, then closed. */
    private static Mono<Void> ended(Throwable error, WebsocketInbound in, WebsocketOutbound out) {
        if (error instanceof TimeoutException) {
            LOG.info("closing a stream: {}", error.getMessage());
            in.withConnection(Connection::dispose);
            return Mono.empty();
        }
        String message = Json.message(error);
        LOG.warn("stream failed: {}", message);
        return reply(out, Map.of("error", message))
                .then(out.sendClose(CLOSE_ERROR, abbreviateReason(message)))
                .onErrorResume(e -> Mono.empty());
    }

    /** A close reason fits in 123 bytes. */
    static String abbreviateReason(String message) {
        return message.length() <= 100 ? message : message.substring(0, 97) + "...";
    }
}
