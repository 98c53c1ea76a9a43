package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Service;
import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.complaints.SurgeTestKind;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.SurgeState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The surge processor on its own, where a test can do what TopologyTestDriver never does: revive a task. Under
 * exactly-once, Kafka Streams answers an aborted transaction (a fenced producer, an OutOfOrderSequence error of the
 * broker) by putting the task's stores back to the last commit and calling {@code init} again on the same
 * processor instance, which then reads again every complaint since that commit.
 */
class ComplaintSurgeProcessorTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2019-06-11T10:00:00Z");
    private static final String KEY = "north|DATA";
    /** One-minute buckets, a warm cold-start prior of 2 a minute, 1 minute of lateness. */
    private static final SurgeSettings SETTINGS = new SurgeSettings(MINUTE, 3, 10, 1e-6, 0.05, 1e-3, 5, 0, 2.0, 60,
            90, 480, 0.05, SurgeTestKind.NEGATIVE_BINOMIAL, MINUTE, MINUTE, 5, ZoneOffset.UTC);

    @Test
    void aRevivedTaskReadingAgainSinceItsLastCommitCountsAndLearnsAsIfItHadReadOnce() {
        List<ComplaintSighting> hour = ordinaryHourThenSurge();

        Task once = new Task(new ComplaintSurgeProcessor(SETTINGS));
        once.read(hour);

        ComplaintSurgeProcessor processor = new ComplaintSurgeProcessor(SETTINGS);
        Task aborted = new Task(processor);
        aborted.read(hour);
        Task revived = new Task(processor);
        revived.read(hour);

        assertThat(revived.baseline()).isEqualTo(once.baseline());
        assertThat(revived.baseline().learnedBuckets()).isGreaterThan(40);
        assertThat(revived.surges()).extracting(ComplaintSurge::state).contains(SurgeState.STARTED)
                .isEqualTo(once.surges().stream().map(ComplaintSurge::state).toList());
        assertThat(revived.surges()).extracting(ComplaintSurge::uniqueComplainants)
                .isEqualTo(once.surges().stream().map(ComplaintSurge::uniqueComplainants).toList());
    }

    /**
     * After a backlog, one complaint partition is read well ahead of the other (a bigger fetch, another task
     * first): the watermark holds the clock at the slower one, and a complaint of the faster one must not close
     * buckets of its own region and service that the slower one is still filling.
     */
    @Test
    void complaintsOfASourceReadAheadCloseNothingTheOtherSourceIsStillFilling() {
        List<ComplaintSighting> inOrder = ordinaryHourThenSurge();
        List<ComplaintSighting> sourceOneTwentyMinutesAhead = inOrder.stream()
                .sorted(java.util.Comparator.comparing(complaint -> complaint.source() == 1
                        ? complaint.time().minus(Duration.ofMinutes(20)) : complaint.time()))
                .toList();

        Task once = new Task(new ComplaintSurgeProcessor(SETTINGS));
        once.readOneAWallClockSecond(inOrder);
        Task skewed = new Task(new ComplaintSurgeProcessor(SETTINGS));
        skewed.readOneAWallClockSecond(sourceOneTwentyMinutesAhead);

        assertThat(skewed.baseline()).isEqualTo(once.baseline());
        assertThat(skewed.baseline().learnedBuckets()).isGreaterThan(40);
        assertThat(skewed.surges()).extracting(ComplaintSurge::state).startsWith(SurgeState.STARTED);
    }

    /**
     * What the sandbox replay does and what a complaint feed that was down does when it comes back: while the
     * partitions are quiet (live, a complaint every half minute), one of them is read with hours at once before the
     * other. The quiet one still holds the clock where it stopped: none of its complaints is late.
     */
    @Test
    void aPartitionDeliveringABacklogWhileAnotherIsQuietDoesNotOutrunIt() {
        List<ComplaintSighting> hour = ordinaryHourThenSurge();
        List<ComplaintSighting> live = hour.stream().filter(c -> c.time().isBefore(T0.plus(MINUTE.multipliedBy(10))))
                .toList();
        List<ComplaintSighting> rest = hour.subList(live.size(), hour.size());
        List<ComplaintSighting> sourceOneFirst = new ArrayList<>(rest.stream().filter(c -> c.source() == 1).toList());
        sourceOneFirst.addAll(rest.stream().filter(c -> c.source() == 0).toList());
        TooLate tooLate = new TooLate();

        Task once = new Task(new ComplaintSurgeProcessor(SETTINGS));
        once.liveThenPausedThenAtOnce(live, rest);
        Task dumped = new Task(new ComplaintSurgeProcessor(SETTINGS, tooLate));
        dumped.liveThenPausedThenAtOnce(live, sourceOneFirst);

        assertThat(tooLate.keys).isEmpty();
        assertThat(dumped.baseline()).isEqualTo(once.baseline());
        assertThat(dumped.surges()).extracting(ComplaintSurge::state).startsWith(SurgeState.STARTED);
    }

    /** A complaint whose bucket is closed and no longer kept is refused, and the refusal counted by region and service. */
    @Test
    void aComplaintTooLateForItsBucketIsCountedAsSuch() {
        TooLate tooLate = new TooLate();
        List<ComplaintSighting> hour = ordinaryHourThenSurge();
        Task task = new Task(new ComplaintSurgeProcessor(SETTINGS, tooLate));
        task.readOneAWallClockSecond(hour.subList(0, 100));
        ComplaintSighting first = hour.getFirst();

        task.readOneAWallClockSecond(List.of(new ComplaintSighting("C-LATE", "S-LATE", first.region(),
                first.service(), first.time(), first.source())));

        assertThat(tooLate.keys).containsExactly(KEY);
    }

    /** 50 minutes of 2 complainants a minute from two source partitions, then 20 a minute. */
    private static List<ComplaintSighting> ordinaryHourThenSurge() {
        List<ComplaintSighting> complaints = new ArrayList<>();
        int subscriber = 0;
        for (int minute = 0; minute < 60; minute++) {
            int perMinute = minute < 50 ? 2 : 20;
            for (int i = 0; i < perMinute; i++) {
                Instant time = T0.plus(MINUTE.multipliedBy(minute)).plusSeconds(60L * i / perMinute);
                subscriber++;
                complaints.add(new ComplaintSighting("C-" + subscriber, "S-" + subscriber, "north", Service.DATA,
                        time, subscriber % 2));
            }
        }
        return complaints;
    }

    /** Records the complaints the processor refuses as too late, by {@code region|SERVICE}. */
    private static final class TooLate implements DetectorMetrics {

        private final List<String> keys = new ArrayList<>();

        @Override
        public void complaintTooLate(String region, Service service) {
            keys.add(region + "|" + service);
        }
    }

    /** One incarnation of the task: fresh stores (the state of the last commit, here none) and a fresh context. */
    private static final class Task {

        private final ComplaintSurgeProcessor processor;
        private final MockProcessorContext<String, ComplaintSurge> context = new MockProcessorContext<>();
        private long wallMs = T0.plus(Duration.ofDays(1)).toEpochMilli();
        private long nextPunctuationMs = wallMs + 10_000;
        private long streamTimeMs = -1;

        Task(ComplaintSurgeProcessor processor) {
            this.processor = processor;
            ComplaintSurgeTopology.storeBuilders(Stores::inMemoryKeyValueStore).forEach(builder -> {
                KeyValueStore<String, ?> store = builder.withCachingDisabled().withLoggingDisabled().build();
                store.init(context.getStateStoreContext(), store);
                context.addStateStore(store);
            });
            context.setCurrentStreamTimeMs(-1);
            processor.init(context);
        }

        /** Reads the complaints as fast as a backlog is read, then lets two minutes pass. */
        void read(List<ComplaintSighting> complaints) {
            feed(complaints, 0);
            advanceWall(Duration.ofMinutes(2).toMillis());
        }

        /** Reads the complaints live-like, one a wall-clock second, then lets 40 s pass. */
        void readOneAWallClockSecond(List<ComplaintSighting> complaints) {
            feed(complaints, 1000);
            advanceWall(Duration.ofSeconds(40).toMillis());
        }

        /** Reads the complaints with the wall clock moving on by the given step before each. */
        void feed(List<ComplaintSighting> complaints, long wallStepMs) {
            for (ComplaintSighting complaint : complaints) {
                advanceWall(wallStepMs);
                streamTimeMs = Math.max(streamTimeMs, complaint.time().toEpochMilli());
                context.setCurrentStreamTimeMs(streamTimeMs);
                processor.process(new Record<>(KEY, complaint, complaint.time().toEpochMilli()));
            }
        }

        /** A complaint every half minute, 45 s of silence, then the rest as fast as a backlog, then 2 minutes. */
        void liveThenPausedThenAtOnce(List<ComplaintSighting> live, List<ComplaintSighting> atOnce) {
            feed(live, 30_000);
            advanceWall(45_000);
            feed(atOnce, 1);
            advanceWall(Duration.ofMinutes(2).toMillis());
        }

        /** Lets wall-clock time pass, with the processor's punctuations every 10 s. */
        void advanceWall(long ms) {
            long target = wallMs + ms;
            while (nextPunctuationMs <= target) {
                wallMs = nextPunctuationMs;
                context.setCurrentSystemTimeMs(wallMs);
                context.scheduledPunctuators().forEach(punctuator -> punctuator.getPunctuator().punctuate(wallMs));
                nextPunctuationMs += 10_000;
            }
            wallMs = target;
            context.setCurrentSystemTimeMs(wallMs);
        }

        HourOfWeekBaseline baseline() {
            KeyValueStore<String, HourOfWeekBaseline> baselines =
                    context.getStateStore(ComplaintSurgeTopology.BASELINES_STORE);
            return baselines.get(KEY);
        }

        List<ComplaintSurge> surges() {
            return context.forwarded().stream().map(forward -> forward.record().value())
                    .map(ComplaintSurge.class::cast).toList();
        }
    }
}
