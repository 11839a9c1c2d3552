package io.fluxion.render;

import io.fluxion.core.stream.ParticleFrame;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The bridge from a {@code Flux<ParticleFrame>} (computed on Reactor's threads) to the render
 * thread: a one-frame mailbox where the newest frame wins. A frame that replaces one not yet
 * taken releases the old one; frames left at {@link #close()} or arriving after it are released.
 *
 * <p>Pacing: with {@code lookahead} 1, one more frame is requested each time the render thread
 * takes one, so the next frame is computed while the current one is drawn and no work is wasted;
 * a larger lookahead keeps that many requests outstanding (a fast source then replaces frames
 * the renderer had no time to show). Thread-safe; {@link #take()} hands ownership to the caller,
 * who must release the frame once drawn.
 */
public final class FrameMailbox implements AutoCloseable {

    private final AtomicReference<ParticleFrame> slot = new AtomicReference<>();
    private final Receiver receiver = new Receiver();
    private final int lookahead;
    private volatile boolean closed;
    private volatile Throwable error;
    private volatile boolean completed;
    private long delivered;
    private long replaced;

    private FrameMailbox(int lookahead) {
        this.lookahead = lookahead;
    }

    /** Subscribes to {@code frames} and keeps the newest one for the render thread. */
    public static FrameMailbox subscribe(Flux<ParticleFrame> frames, int lookahead) {
        if (lookahead < 1) {
            throw new IllegalArgumentException("lookahead must be >= 1, got " + lookahead);
        }
        FrameMailbox mailbox = new FrameMailbox(lookahead);
        frames.subscribe(mailbox.receiver);
        return mailbox;
    }

    /** @return the newest frame not yet taken (the caller now owns it), or null when none arrived */
    public ParticleFrame take() {
        ParticleFrame frame = slot.getAndSet(null);
        if (frame != null) {
            synchronized (this) {
                delivered++;
            }
            receiver.requestMore();
        }
        return frame;
    }

    /** The error that ended the stream, or null. */
    public Throwable error() {
        return error;
    }

    /** True once the stream completed or failed (a last frame may still wait in the mailbox). */
    public boolean isDone() {
        return completed || error != null;
    }

    /** Frames taken by the render thread so far. */
    public synchronized long delivered() {
        return delivered;
    }

    /** Frames replaced before the render thread took them (each released). */
    public synchronized long replaced() {
        return replaced;
    }

    /** Cancels the subscription and releases the frame left in the mailbox; idempotent. */
    @Override
    public void close() {
        closed = true;
        receiver.dispose();
        ParticleFrame left = slot.getAndSet(null);
        if (left != null) {
            left.release();
        }
    }

    /** The Disposable of the subscription (for composition with other resources). */
    public Disposable subscription() {
        return receiver;
    }

    private final class Receiver extends BaseSubscriber<ParticleFrame> {

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(lookahead);
        }

        @Override
        protected void hookOnNext(ParticleFrame frame) {
            ParticleFrame old = slot.getAndSet(frame);
            if (old != null) {
                old.release();
                synchronized (FrameMailbox.this) {
                    replaced++;
                }
                request(1);
            }
            if (closed) {
                ParticleFrame left = slot.getAndSet(null);
                if (left != null) {
                    left.release();
                }
            }
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error = throwable;
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        void requestMore() {
            if (!isDisposed()) {
                request(1);
            }
        }
    }
}
