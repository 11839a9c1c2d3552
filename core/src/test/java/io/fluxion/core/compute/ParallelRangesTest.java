package io.fluxion.core.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelRangesTest {

    /** Counts how often each item was handed out, and checks every part number is in range. */
    private static AtomicIntegerArray cover(int count, boolean chunked, int size) {
        AtomicIntegerArray seen = new AtomicIntegerArray(count);
        ParallelRanges.Body body = (part, from, to) -> {
            assertTrue(part >= 0 && part < ParallelRanges.maxParts(), "part " + part);
            assertTrue(from <= to, "range " + from + ".." + to);
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        };
        if (chunked) {
            ParallelRanges.runInChunks(count, size, body);
        } else {
            ParallelRanges.run(count, size, body);
        }
        return seen;
    }

    @Test
    void everyItemIsHandedOutExactlyOnce() {
        for (int count : new int[] {0, 1, 7, 64, 1000, 100_003}) {
            for (boolean chunked : new boolean[] {false, true}) {
                AtomicIntegerArray seen = cover(count, chunked, 16);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, seen.get(i), (chunked ? "chunked" : "split") + " count " + count + " item " + i);
                }
            }
        }
    }

    @Test
    void aCallFromInsideAPartRunsUnsplitOnItsThread() {
        AtomicIntegerArray innerCalls = new AtomicIntegerArray(1);
        ParallelRanges.runInChunks(10_000, 100, (part, from, to) -> {
            Thread outer = Thread.currentThread();
            ParallelRanges.run(10_000, 1, (innerPart, innerFrom, innerTo) -> {
                assertEquals(outer, Thread.currentThread());
                assertEquals(0, innerPart);
                assertEquals(0, innerFrom);
                assertEquals(10_000, innerTo);
                innerCalls.incrementAndGet(0);
            });
        });
        assertEquals(100, innerCalls.get(0));
    }
}
