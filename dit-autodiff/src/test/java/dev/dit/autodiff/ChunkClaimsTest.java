package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ChunkClaimsTest {
    @Test
    void twoPartsClaimFromBothEnds() {
        ChunkClaims c = new ChunkClaims();
        c.reset(5);
        assertEquals(0, c.next(0, 2));
        assertEquals(4, c.next(1, 2));
        assertEquals(1, c.next(0, 2));
        assertEquals(3, c.next(1, 2));
        assertEquals(2, c.next(1, 2));
        assertEquals(-1, c.next(0, 2));
        assertEquals(-1, c.next(1, 2));
        c.reset(2); // a new pass starts over
        assertEquals(0, c.next(0, 3));
        assertEquals(1, c.next(2, 3));
        assertEquals(-1, c.next(1, 3));
    }

    @Test
    void concurrentPartsClaimEveryChunkExactlyOnce() throws Exception {
        for (int parts = 2; parts <= 4; parts++) {
            ChunkClaims c = new ChunkClaims();
            int chunks = 10_000;
            c.reset(chunks);
            AtomicIntegerArray seen = new AtomicIntegerArray(chunks);
            Thread[] threads = new Thread[parts];
            for (int p = 0; p < parts; p++) {
                int part = p;
                int n = parts;
                threads[p] = new Thread(() -> {
                    for (int q = c.next(part, n); q >= 0; q = c.next(part, n)) {
                        seen.incrementAndGet(q);
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            int[] counts = new int[chunks];
            int[] ones = new int[chunks];
            for (int q = 0; q < chunks; q++) {
                counts[q] = seen.get(q);
                ones[q] = 1;
            }
            assertArrayEquals(ones, counts, parts + " parts");
        }
    }
}
