package io.faultline.compensation.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.compensation.subscribers.SubscriberOffsets.Range;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The catch-up rule on offsets alone: a partition has caught up when the listener's group committed its end offset,
 * when it is empty, or when only transaction markers and aborted records lie between the committed and the end
 * offset; a wait is bounded and polls at the configured interval.
 */
class SubscriberCatchUpTest {

    private static final Duration POLL = Duration.ofMillis(200);

    /** A topic in memory: ranges, committed offsets, and the offsets of the records a read_committed consumer gets. */
    private static final class FakeOffsets implements SubscriberOffsets {

        final Map<Integer, Range> ranges = new TreeMap<>();
        final Map<Integer, Long> committed = new HashMap<>();
        /** Per partition, the offsets of records a read_committed consumer receives (the rest: markers, aborted). */
        final Map<Integer, List<Long>> records = new HashMap<>();
        final List<String> probes = new ArrayList<>();
        boolean probesInconclusive;
        boolean committedFails;

        /** Appends {@code count} records to a partition, then {@code markers} offsets it never delivers. */
        void append(int partition, int count, int markers) {
            Range range = ranges.getOrDefault(partition, new Range(0, 0));
            long end = range.end();
            for (int i = 0; i < count; i++) {
                records.computeIfAbsent(partition, p -> new ArrayList<>()).add(end++);
            }
            ranges.put(partition, new Range(range.start(), end + markers));
        }

        @Override
        public Map<Integer, Range> ranges() {
            return new TreeMap<>(ranges);
        }

        @Override
        public Map<Integer, Long> committed() {
            if (committedFails) {
                throw new IllegalStateException("coordinator not available");
            }
            return new HashMap<>(committed);
        }

        @Override
        public OptionalLong firstRecord(int partition, long from, long until) {
            probes.add(partition + ":" + from + "-" + until);
            if (probesInconclusive) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(records.getOrDefault(partition, List.of()).stream()
                    .filter(offset -> offset >= from && offset < until).findFirst().orElse(until));
        }
    }

    /** A clock that only moves when the catch-up sleeps; each sleep may also move the listener. */
    private static final class FakeTime extends Clock {

        Instant now = Instant.parse("2018-12-07T04:30:00Z");
        final List<Duration> sleeps = new ArrayList<>();
        Consumer<Integer> onSleep = n -> { };

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
            onSleep.accept(sleeps.size());
        }
    }

    private final FakeOffsets offsets = new FakeOffsets();
    private final FakeTime time = new FakeTime();
    private final SubscriberCatchUp catchUp = new SubscriberCatchUp(offsets, time, time::sleep, POLL);

    @Test
    void caughtUpWhenTheGroupCommittedEveryEndOffset() {
        offsets.append(0, 100, 0);
        offsets.append(1, 80, 0);
        offsets.committed.put(0, 100L);
        offsets.committed.put(1, 80L);

        SubscriberCatchUp.Lag lag = catchUp.lag();

        assertThat(lag.caughtUp()).isTrue();
        assertThat(lag.partitions()).extracting(SubscriberCatchUp.PartitionLag::lag).containsExactly(0L, 0L);
        assertThat(offsets.probes).isEmpty();
    }

    @Test
    void behindByTheRecordsNotYetCommitted() {
        offsets.append(0, 100, 0);
        offsets.append(1, 80, 0);
        offsets.committed.put(0, 40L);

        SubscriberCatchUp.Lag lag = catchUp.lag();

        assertThat(lag.total()).isEqualTo(60 + 80);
        assertThat(lag.partitions()).containsExactly(new SubscriberCatchUp.PartitionLag(0, 40, 100, 60),
                new SubscriberCatchUp.PartitionLag(1, 0, 80, 80));
        assertThat(lag.describe())
                .isEqualTo("partition 0: at 40 of 100, 60 behind; partition 1: at 0 of 80, 80 behind");
    }

    @Test
    void emptyPartitionsAndPartitionsWhoseRecordsAreGoneNeedNothing() {
        offsets.ranges.put(0, new Range(0, 0));
        offsets.ranges.put(1, new Range(500, 500));
        offsets.ranges.put(2, new Range(300, 320));
        offsets.records.put(2, List.of(300L, 319L));
        offsets.committed.put(2, 250L);

        SubscriberCatchUp.Lag lag = catchUp.lag();

        assertThat(lag.partitions()).containsExactly(new SubscriberCatchUp.PartitionLag(0, 0, 0, 0),
                new SubscriberCatchUp.PartitionLag(1, 500, 500, 0),
                new SubscriberCatchUp.PartitionLag(2, 300, 320, 20));
        assertThat(catchUp.lag(new SubscriberCatchUp.Target(time.instant(), new TreeMap<>())).caughtUp()).isTrue();
    }

    @Test
    void aTrailingCommitMarkerDoesNotCountAsLag() {
        // A transaction of 100 records and its commit marker: the end offset is 101, the group commits 100.
        offsets.append(0, 100, 1);
        offsets.committed.put(0, 100L);

        assertThat(catchUp.lag().caughtUp()).isTrue();
        assertThat(offsets.probes).containsExactly("0:100-101");

        // Remembered while the committed offset stays where it is: no second probe.
        assertThat(catchUp.lag().caughtUp()).isTrue();
        assertThat(offsets.probes).hasSize(1);
    }

    @Test
    void anAbortedTransactionAtTheEndDoesNotCountAsLag() {
        // 50 records, then an aborted transaction of 30 records and its abort marker, then a commit marker.
        offsets.append(0, 50, 32);
        offsets.committed.put(0, 50L);

        assertThat(catchUp.lag().caughtUp()).isTrue();

        // More committed records after the aborted ones: behind again, and the probe only looks at the new offsets.
        offsets.append(0, 10, 1);
        SubscriberCatchUp.Lag lag = catchUp.lag();
        assertThat(lag.caughtUp()).isFalse();
        assertThat(lag.partitions().getFirst().lag()).isEqualTo(93 - 50);
        assertThat(offsets.probes).containsExactly("0:50-82", "0:82-93");
    }

    @Test
    void aRecordBehindTheMarkersIsLagAndIsNotProbedAgainWhileTheListenerStandsStill() {
        offsets.append(0, 10, 1);
        offsets.append(0, 5, 1);
        offsets.committed.put(0, 10L);

        assertThat(catchUp.lag().total()).isEqualTo(17 - 10);
        assertThat(catchUp.lag().total()).isEqualTo(17 - 10);
        assertThat(offsets.probes).containsExactly("0:10-17");
    }

    @Test
    void aListenerThatMovesIsBehindWithoutProbing() {
        offsets.append(0, 1000, 0);
        offsets.committed.put(0, 100L);
        catchUp.lag();
        offsets.committed.put(0, 600L);

        assertThat(catchUp.lag().total()).isEqualTo(400);
        assertThat(offsets.probes).containsExactly("0:100-1000");
    }

    @Test
    void anInconclusiveProbeCountsAsLag() {
        offsets.append(0, 100, 1);
        offsets.committed.put(0, 100L);
        offsets.probesInconclusive = true;

        assertThat(catchUp.lag().total()).isEqualTo(1);

        offsets.probesInconclusive = false;
        assertThat(catchUp.lag().caughtUp()).isTrue();
    }

    @Test
    void awaitReturnsOnceTheListenerReachesTheCapturedEndOffsets() {
        offsets.append(0, 5_000, 0);
        offsets.append(1, 5_000, 0);
        SubscriberCatchUp.Target target = catchUp.capture();
        // Records published after the capture are not waited for.
        offsets.append(0, 1_000, 0);
        time.onSleep = n -> {
            offsets.committed.put(0, Math.min(5_000L, n * 1_000L));
            offsets.committed.put(1, Math.min(5_000L, n * 800L));
        };

        SubscriberCatchUp.Lag lag = catchUp.await(target, Duration.ofMinutes(10));

        assertThat(lag.caughtUp()).isTrue();
        assertThat(time.sleeps).hasSize(7).containsOnly(POLL);
        assertThat(lag.partitions()).extracting(SubscriberCatchUp.PartitionLag::end).containsExactly(5_000L, 5_000L);
    }

    @Test
    void awaitFailsWithTheLagPerPartitionWhenTheTimeoutPasses() {
        offsets.append(0, 100, 0);
        offsets.append(1, 100, 0);
        offsets.committed.put(0, 100L);
        offsets.committed.put(1, 40L);
        SubscriberCatchUp.Target target = catchUp.capture();

        assertThatThrownBy(() -> catchUp.await(target, Duration.ofMillis(1_100)))
                .isInstanceOf(SubscribersNotCaughtUpException.class)
                .hasMessageStartingWith("Subscriber table not caught up with subscribers.v1 within PT1.1S: 60 records"
                        + " behind the end offsets captured at 2018-12-07T04:30:00Z")
                .hasMessageContaining("partition 0: caught up at 100; partition 1: at 40 of 100, 60 behind")
                .hasMessageEndingWith("no credit granted, rather than credit a partial subscriber base");
        assertThat(time.sleeps).containsExactly(POLL, POLL, POLL, POLL, POLL, Duration.ofMillis(100));
    }

    @Test
    void checksThatFailKeepTheWaitGoingAndAreReportedIfItTimesOut() {
        offsets.append(0, 100, 0);
        SubscriberCatchUp.Target target = catchUp.capture();
        offsets.committedFails = true;
        time.onSleep = n -> offsets.committedFails = n < 3;
        offsets.committed.put(0, 100L);

        assertThat(catchUp.await(target, Duration.ofSeconds(5)).caughtUp()).isTrue();

        offsets.append(0, 1, 0);
        SubscriberCatchUp.Target next = catchUp.capture();
        offsets.committedFails = true;
        time.onSleep = n -> { };
        assertThatThrownBy(() -> catchUp.await(next, Duration.ofSeconds(1)))
                .isInstanceOf(SubscribersNotCaughtUpException.class)
                .hasMessageContaining("end offsets captured at")
                .hasMessageContaining("{0=101}")
                .hasMessageContaining("last check failed: java.lang.IllegalStateException: coordinator not available");
    }

    @Test
    void aStoppedCatchUpFailsAtOnce() {
        offsets.append(0, 100, 0);
        SubscriberCatchUp.Target target = catchUp.capture();
        catchUp.stop();

        assertThatThrownBy(() -> catchUp.await(target, Duration.ofMinutes(10)))
                .isInstanceOf(SubscribersNotCaughtUpException.class)
                .hasMessageContaining("Stopped while waiting");
        assertThat(time.sleeps).isEmpty();
    }
}
