package io.fluxion.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.core.stream.ParticleFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class FrameMailboxTest {

    private static ParticleFrame frame() {
        return ParticleFrame.copyOf("test", new float[] {1, 2}, null, null, 1, 2);
    }

    @Test
    void newestFrameWinsAndReplacedFramesAreReleased() {
        Sinks.Many<ParticleFrame> sink = Sinks.many().unicast().onBackpressureBuffer();
        FrameMailbox mailbox = FrameMailbox.subscribe(sink.asFlux(), 3);
        List<ParticleFrame> sent = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ParticleFrame f = frame();
            sent.add(f);
            sink.tryEmitNext(f);
        }
        ParticleFrame taken = mailbox.take();
        assertSame(sent.get(2), taken, "the newest frame is handed over");
        assertTrue(sent.get(0).isReleased() && sent.get(1).isReleased(), "replaced frames released");
        assertFalse(taken.isReleased(), "the taken frame belongs to the caller");
        assertEquals(2, mailbox.replaced());
        assertNull(mailbox.take(), "nothing new");
        ParticleFrame left = frame();
        sink.tryEmitNext(left);
        mailbox.close();
        assertTrue(left.isReleased(), "frame left in the mailbox released at close");
        assertTrue(sink.tryEmitNext(frame()).isFailure(), "the subscription is cancelled at close");
        taken.release();
    }

    @Test
    void lookaheadOneRequestsANewFrameOnlyWhenOneIsTaken() throws InterruptedException {
        AtomicLong requested = new AtomicLong();
        Flux<ParticleFrame> source = Flux.<ParticleFrame>generate(sink -> sink.next(frame()))
                .doOnRequest(requested::addAndGet);
        FrameMailbox mailbox = FrameMailbox.subscribe(source, 1);
        Thread.sleep(50);
        assertEquals(1, requested.get(), "one frame ahead");
        for (int k = 0; k < 5; k++) {
            ParticleFrame f = mailbox.take();
            assertTrue(f != null, "a frame is waiting");
            f.release();
        }
        assertEquals(6, requested.get());
        assertEquals(0, mailbox.replaced());
        mailbox.close();
        assertTrue(mailbox.subscription().isDisposed());
    }

    @Test
    void errorsAndCompletionAreReported() {
        FrameMailbox failed = FrameMailbox.subscribe(Flux.error(new IllegalStateException("boom")), 1);
        assertTrue(failed.isDone());
        assertEquals("boom", failed.error().getMessage());
        FrameMailbox finished = FrameMailbox.subscribe(Flux.just(frame()).delayElements(Duration.ZERO), 1);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!finished.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(finished.isDone());
        ParticleFrame last = finished.take();
        assertTrue(last != null, "the last frame is still delivered after completion");
        last.release();
        finished.close();
    }
}
