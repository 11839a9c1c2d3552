package io.fluxion.server;

import io.fluxion.core.stream.ParticleFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Emitters many spectators watch at once. One emitter runs per (model, particles, label,
 * guidance, fps, sections) while at least one spectator watches it; each frame is encoded once
 * into a reference-counted buffer, and every spectator sends a retained duplicate of the newest
 * one when its connection is ready for a frame (a slow spectator skips frames; nothing queues).
 * The emitter stops and its last buffer is released when the last spectator leaves.
 * Thread-safe.
 */
final class SharedEmitters {

    private record Key(String model, int particles, int label, double guidance, int fps, int flags) {
    }

    private final FrameSources sources;
    private final Map<Key, Shared> running = new HashMap<>();

    SharedEmitters(FrameSources sources) {
        this.sources = sources;
    }

    /**
     * The shared emitter for these settings, joined until the returned watch is cancelled or ends.
     * Each element is a newer frame's buffer, retained for the subscriber (which must release or
     * send it).
     */
    Flux<ByteBuf> watch(FrameSources.Resolved resolved) {
        StreamSettings s = resolved.settings();
        Key key = new Key(s.model(), s.particles(), resolved.label(), s.guidance(), s.fps(), s.flags());
        return Flux.defer(() -> {
            Shared shared = join(key, resolved);
            long[] lastSent = {-1};
            return shared.ticks.asFlux()
                    .onBackpressureLatest()
                    .<ByteBuf>handle((tick, sink) -> {
                        // retained only when the subscriber has asked for a frame, so none is held between
                        ByteBuf frame = shared.retainNewerThan(lastSent);
                        if (frame != null) {
                            sink.next(frame);
                        }
                    })
                    .doFinally(signal -> leave(key, shared));
        });
    }

    /** @return emitters running now (for health and tests) */
    synchronized int running() {
        return running.size();
    }

    private synchronized Shared join(Key key, FrameSources.Resolved resolved) {
        Shared shared = running.computeIfAbsent(key, k -> new Shared(resolved));
        shared.spectators++;
        if (shared.spectators == 1) {
            sources.frames(resolved, effect -> { }).subscribe(shared.producer);
        }
        return shared;
    }

    private synchronized void leave(Key key, Shared shared) {
        if (--shared.spectators == 0) {
            running.remove(key, shared);
            shared.stop();
        }
    }

    /** One running shared emitter: the newest encoded frame and the ticks that announce each. */
    private static final class Shared {
        final Sinks.Many<Long> ticks = Sinks.many().multicast().directBestEffort();
        final Producer producer;
        int spectators; // guarded by SharedEmitters.this
        private ByteBuf latest; // guarded by this
        private long latestIndex = -1;
        private boolean stopped;

        Shared(FrameSources.Resolved resolved) {
            this.producer = new Producer(this, resolved.settings().fps(), resolved.settings().flags());
        }

        synchronized void publish(ByteBuf frame, long index) {
            if (stopped) {
                frame.release();
                return;
            }
            if (latest != null) {
                latest.release();
            }
            latest = frame;
            latestIndex = index;
        }

        /** @return a retained duplicate of the newest frame when newer than {@code lastSent[0]}, else null */
        synchronized ByteBuf retainNewerThan(long[] lastSent) {
            if (latest == null || latestIndex <= lastSent[0]) {
                return null;
            }
            lastSent[0] = latestIndex;
            return latest.retainedDuplicate();
        }

        void stop() {
            producer.dispose();
            synchronized (this) {
                stopped = true;
                if (latest != null) {
                    latest.release();
                    latest = null;
                }
            }
            ticks.tryEmitComplete();
        }
    }

    /** Requests one frame per frame time from the emitter, encodes it once and announces it. */
    private static final class Producer extends BaseSubscriber<ParticleFrame> {
        private final Shared shared;
        private final FramePacer pacer;
        private final int flags;

        Producer(Shared shared, int fps, int flags) {
            this.shared = shared;
            this.pacer = new FramePacer(fps);
            this.flags = flags;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(ParticleFrame frame) {
            long index = frame.sequence();
            try {
                shared.publish(FrameCodec.encode(frame, index, flags, ByteBufAllocator.DEFAULT), index);
            } finally {
                frame.release();
            }
            shared.ticks.tryEmitNext(index);
            long wait = pacer.nanosUntilNextFrame();
            if (wait <= 0) {
                request(1);
            } else {
                Schedulers.parallel().schedule(() -> request(1), wait, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            shared.ticks.tryEmitError(error);
        }

        @Override
        protected void hookOnComplete() {
            shared.ticks.tryEmitComplete();
        }
    }
}
