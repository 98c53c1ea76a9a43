package io.faultline.notifier.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TpsLimiterTest {

    @Test
    @Timeout(5)
    void theFirstPermitsOfAWindowAreGrantedAtOnceAndTheNextWaitsForTheWindowToPass() throws Exception {
        TpsLimiter limiter = new TpsLimiter(3);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        long afterThree = System.nanoTime() - start;
        limiter.acquire();
        long afterFour = System.nanoTime() - start;

        assertThat(Duration.ofNanos(afterThree)).isLessThan(TpsLimiter.WINDOW);
        assertThat(Duration.ofNanos(afterFour)).isGreaterThanOrEqualTo(TpsLimiter.WINDOW);
    }

    @Test
    @Timeout(10)
    void permitsArePacedThroughTheWindowEvenRightAfterAPause() throws Exception {
        TpsLimiter limiter = new TpsLimiter(100);
        limiter.pause(Duration.ofMillis(200));
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            limiter.acquire();
        }
        Duration fifty = Duration.ofNanos(System.nanoTime() - start);

        Duration paced = TpsLimiter.WINDOW.multipliedBy(49).dividedBy(100);
        assertThat(fifty).as("after the pause, not a burst: 49 intervals of %s", TpsLimiter.WINDOW.dividedBy(100))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).plus(paced).minus(TpsLimiter.BURST));
    }

    @Test
    @Timeout(5)
    void aPauseHoldsEveryPermitUntilItEndsAndNoLimitMeansNoWait() throws Exception {
        TpsLimiter unlimited = new TpsLimiter(0);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            unlimited.acquire();
        }
        unlimited.pause(Duration.ofMillis(300));
        unlimited.acquire();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    @Timeout(20)
    void theBackOffDoublesAfterEachPauseUpToFiveSecondsAndStartsAgainAfterAnAcceptedSubmit() throws Exception {
        ThrottleBackoff backoff = new ThrottleBackoff();

        assertThat(backoff.refused()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.refused()).as("refused while the pause runs: no doubling").isZero();
        Thread.sleep(110);
        assertThat(backoff.refused()).isEqualTo(Duration.ofMillis(200));
        Thread.sleep(210);
        assertThat(backoff.refused()).isEqualTo(Duration.ofMillis(400));
        backoff.accepted();
        Thread.sleep(410);
        assertThat(backoff.refused()).isEqualTo(Duration.ofMillis(100));
    }
}
