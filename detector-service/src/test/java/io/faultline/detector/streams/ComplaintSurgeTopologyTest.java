package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.Service;
import io.faultline.common.topics.Topics;
import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.detector.complaints.SurgeDetectorState;
import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.complaints.SurgeTestKind;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.SurgeState;
import io.faultline.platform.streams.JsonStoreSerde;
import io.faultline.testsupport.StateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The complaint-surge detection on the real topology, in a TopologyTestDriver fed like a live network: the mock
 * wall clock follows the event time of what is piped in, in 5 s steps, so the idle-closing punctuation runs.
 */
class ComplaintSurgeTopologyTest {

    private static final String APPLICATION_ID = "surge-test";
    private static final String SURGES_TOPIC = "test.complaint-surges";
    private static final String OTHER_TOPIC = "test.other-input";
    private static final Instant T0 = Instant.parse("2019-06-11T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String KEY = "north|DATA";

    /** Defaults, but a confident prior of 2 complainants a minute instead of a warm-up, and 1 minute of lateness. */
    private static final SurgeSettings SETTINGS = new SurgeSettings(MINUTE, 3, 10, 1e-6, 0.05, 1e-3, 5, 0, 2.0, 60,
            90, 480, 0.05, SurgeTestKind.NEGATIVE_BINOMIAL, MINUTE, MINUTE, 5, ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    private Detector detector;
    private int subscribers;

    @BeforeEach
    void start() {
        detector = new Detector(stateDir);
    }

    @AfterEach
    void stop() {
        detector.close();
    }

    @Test
    void aSurgeStartsContinuesAndEndsWhenComplaintsStopWithEachSubscriberCountedOncePerBucket() {
        Instant onset = T0.plus(MINUTE.multipliedBy(10));
        Instant silence = onset.plus(MINUTE.multipliedBy(5));
        detector.evenly(T0, onset, 2, 1);
        // 15 subscribers a minute, each complaining twice in the same minute
        detector.evenly(onset, silence, 15, 2);

        List<ComplaintSurge> beforeSilence = detector.surges();
        assertThat(beforeSilence).extracting(ComplaintSurge::state).startsWith(SurgeState.STARTED)
                .doesNotContain(SurgeState.ENDED);
        ComplaintSurge started = beforeSilence.getFirst();
        assertThat(started.key()).isEqualTo(KEY);
        assertThat(started.onsetAt()).isEqualTo(onset);
        assertThat(started.at()).isBetween(onset, onset.plus(MINUTE.multipliedBy(2)));
        assertThat(detector.state().buckets()).filteredOn(bucket -> !bucket.start().isBefore(onset))
                .extracting(SurgeDetectorState.BucketCount::uniqueComplainants).containsOnly(15L);

        detector.idle(Duration.ofMinutes(20));

        List<ComplaintSurge> all = new ArrayList<>(beforeSilence);
        all.addAll(detector.surges());
        assertThat(all).extracting(ComplaintSurge::state).containsOnly(SurgeState.STARTED, SurgeState.CONTINUING,
                SurgeState.ENDED).endsWith(SurgeState.ENDED).containsOnlyOnce(SurgeState.STARTED, SurgeState.ENDED);
        ComplaintSurge ended = all.getLast();
        assertThat(ended.at()).isBetween(silence.minus(MINUTE.multipliedBy(3)), silence.plus(MINUTE));
        assertThat(all).filteredOn(signal -> signal.state() == SurgeState.CONTINUING)
                .extracting(ComplaintSurge::bucketStart).contains(onset, onset.plus(MINUTE.multipliedBy(4)));
    }

    /**
     * The wall clock of the last complaint is unknown until the first punctuation: a task whose stream time was
     * already set by another input (TopologyTestDriver runs the whole detector in one task) and whose first
     * punctuation precedes its first complaint must not take the whole epoch for idle time.
     */
    @Test
    void aTaskWhoseStreamTimeMovedBeforeItsFirstComplaintDetectsLikeAnyOther() {
        detector.other.pipeInput("x", "y", T0);
        detector.idle(Duration.ofMinutes(3));
        Instant start = T0.plus(Duration.ofMinutes(3));
        Instant onset = start.plus(MINUTE.multipliedBy(10));
        detector.evenly(start, onset, 2, 1);
        detector.evenly(onset, onset.plus(MINUTE.multipliedBy(3)), 15, 1);

        assertThat(detector.surges()).extracting(ComplaintSurge::state).startsWith(SurgeState.STARTED);
        assertThat(detector.state().closedUntil()).isBefore(onset.plus(MINUTE.multipliedBy(3)));
    }

    @Test
    void withoutWallClockTimeNoBucketClosesOnceComplaintsStop() {
        Instant onset = T0.plus(MINUTE.multipliedBy(10));
        detector.evenly(T0, onset, 2, 1);
        detector.evenly(onset, onset.plus(MINUTE.multipliedBy(5)), 15, 1);
        detector.surges();
        SurgeDetectorState stuck = detector.state();

        detector.driver.advanceWallClockTime(Duration.ofSeconds(30));

        assertThat(detector.surges()).isEmpty();
        assertThat(detector.state().closedUntil()).isEqualTo(stuck.closedUntil());
    }

    @Test
    void theLearnedBaselineSurvivesARestartOnTheSameStateDirectory() throws IOException {
        detector.evenly(T0, T0.plus(MINUTE.multipliedBy(30)), 3, 1);
        HourOfWeekBaseline learned = detector.baseline();
        assertThat(learned.learnedBuckets()).isGreaterThan(10);
        assertThat(learned.recentMean()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));

        // the baseline store is changelog-backed: another instance restores it from this topic
        List<HourOfWeekBaseline> changelog = detector.driver.createOutputTopic(
                APPLICATION_ID + "-" + ComplaintSurgeTopology.BASELINES_STORE + "-changelog", new StringDeserializer(),
                BaselineSerde.serde().deserializer()).readValuesToList();
        assertThat(changelog).last().isEqualTo(learned);
        assertThat(ComplaintSurgeTopology.storeBuilders()).allMatch(store -> store.loggingEnabled());

        // TopologyTestDriver.close() wipes its task directories: keep the flushed RocksDB files aside and put them
        // back, so that the second driver opens on disk exactly what the first one left
        detector.flush();
        Path aside = Files.createTempDirectory("surge-state-aside");
        StateDirectories.copy(stateDir, aside);
        detector.close();
        StateDirectories.copy(aside, stateDir);
        detector = new Detector(stateDir);

        assertThat(detector.baseline()).isEqualTo(learned);
        assertThat(detector.state().closedUntil()).isNotNull();
    }

    /** The surge topology alone in a TopologyTestDriver whose wall clock follows the event time piped in. */
    private final class Detector implements AutoCloseable {

        final TopologyTestDriver driver;
        final TestInputTopic<String, CustomerComplaint> complaints;
        final TestOutputTopic<String, ComplaintSurge> surges;
        final TestInputTopic<String, String> other;
        Instant wallClock = T0;

        Detector(Path stateDir) {
            StreamsBuilder builder = new StreamsBuilder();
            var complaintSerde = Topics.CUSTOMER_COMPLAINTS.serde("test");
            ComplaintSurgeTopology.surges(builder, builder.stream(Topics.CUSTOMER_COMPLAINTS.name(),
                            Consumed.with(Serdes.String(), complaintSerde)), SETTINGS)
                    .to(SURGES_TOPIC, Produced.with(Serdes.String(), JsonStoreSerde.of(ComplaintSurge.class)));
            builder.stream(OTHER_TOPIC, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> { });
            Topology topology = builder.build();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            driver = new TopologyTestDriver(topology, props, T0);
            complaints = driver.createInputTopic(Topics.CUSTOMER_COMPLAINTS.name(), new StringSerializer(),
                    complaintSerde.serializer());
            surges = driver.createOutputTopic(SURGES_TOPIC, new StringDeserializer(),
                    JsonStoreSerde.of(ComplaintSurge.class).deserializer());
            other = driver.createInputTopic(OTHER_TOPIC, new StringSerializer(), new StringSerializer());
        }

        /**
         * New subscribers in the north complaining about DATA at a steady pace, {@code perMinute} a minute in
         * [from, to), each {@code times} times 2 s apart.
         */
        void evenly(Instant from, Instant to, int perMinute, int times) {
            long step = 60_000 / perMinute;
            for (Instant at = from.plusMillis(step / 4); at.isBefore(to); at = at.plusMillis(step)) {
                String subscriber = "S" + subscribers++;
                for (int time = 0; time < times; time++) {
                    Instant when = at.plusSeconds(2L * time);
                    catchUpTo(when);
                    complaints.pipeInput(subscriber, new CustomerComplaint("C-" + subscriber + "-" + time, subscriber,
                            "north", null, Service.DATA, ComplaintChannel.APP, when), when);
                }
            }
        }

        void idle(Duration duration) {
            catchUpTo(wallClock.plus(duration));
        }

        List<ComplaintSurge> surges() {
            return surges.readValuesToList();
        }

        SurgeDetectorState state() {
            KeyValueStore<String, SurgeDetectorState> store = driver.getKeyValueStore(
                    ComplaintSurgeTopology.SURGES_STORE);
            return store.get(KEY);
        }

        HourOfWeekBaseline baseline() {
            KeyValueStore<String, HourOfWeekBaseline> store = driver.getKeyValueStore(
                    ComplaintSurgeTopology.BASELINES_STORE);
            return store.get(KEY);
        }

        void flush() {
            driver.getKeyValueStore(ComplaintSurgeTopology.SURGES_STORE).flush();
            driver.getKeyValueStore(ComplaintSurgeTopology.BASELINES_STORE).flush();
            driver.getKeyValueStore(ComplaintSurgeTopology.SUBSCRIBERS_SEEN_STORE).flush();
        }

        private void catchUpTo(Instant time) {
            while (wallClock.isBefore(time)) {
                Duration step = Duration.between(wallClock, time);
                step = step.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : step;
                driver.advanceWallClockTime(step);
                wallClock = wallClock.plus(step);
            }
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
