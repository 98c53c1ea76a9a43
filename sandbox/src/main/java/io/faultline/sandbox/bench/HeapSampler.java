package io.faultline.sandbox.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Samples a service's heap in use every 500 ms on a thread of its own until stopped. */
final class HeapSampler {

    private final AtomicLong maxBytes = new AtomicLong();
    private final AtomicLong maxLiveBytes = new AtomicLong();
    private final Thread thread;

    HeapSampler(ActuatorMetrics metrics) {
        thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxBytes.accumulateAndGet(metrics.heapUsedBytes(), Math::max);
                maxLiveBytes.accumulateAndGet(metrics.heapLiveBytes(), Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops sampling; the largest heap in use seen, in MB. */
    double stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
        return maxBytes.get() / (1024.0 * 1024.0);
    }

    /** The largest heap still in use after a collection, in MB (what is live; the rest was garbage). */
    double liveMaxMb() {
        return maxLiveBytes.get() / (1024.0 * 1024.0);
    }
}
