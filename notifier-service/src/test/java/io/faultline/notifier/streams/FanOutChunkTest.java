package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.testsupport.StateDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out of a partition larger than one chunk: it is told a chunk at a time (each its own transaction), the
 * vulnerable lane to its end first, every affected subscriber exactly once, and it resumes after a restart.
 */
class FanOutChunkTest {

    private static final int CHUNK = 100;
    /** Notices per record: not a divisor of the chunk, so that chunks end with a partial batch. */
    private static final int BATCH = 7;
    private static final int SUBSCRIBERS = 1_050;
    private static final int VULNERABLE = 21;
    private static final Set<Service> DATA = Set.of(Service.DATA);

    private Path stateDir;
    private Driver driver;

    @BeforeEach
    void start() throws IOException {
        stateDir = Files.createTempDirectory("fanout-chunk");
        driver = new Driver(stateDir);
        for (int i = 0; i < SUBSCRIBERS; i++) {
            String id = String.format("S%05d", i);
            driver.subscribers.pipeInput(id, NotifierFixtures.subscriber(id, "north",
                    String.format("4477009%05d", i), null, isVulnerable(i), EnumSet.allOf(Service.class), Set.of()));
        }
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static boolean isVulnerable(int i) {
        return i % 50 == 7;
    }

    @Test
    void aPartitionLargerThanAChunkIsToldAChunkAtATimeVulnerableFirstAndEachSubscriberOnce() {
        driver.outage(OutageStatus.DETECTED, 1);

        List<NoticeRequest> told = new ArrayList<>(driver.requests.readValuesToList());
        assertThat(told).as("the first chunk scans %d subscribers: the whole vulnerable lane, then the rest", CHUNK)
                .hasSizeBetween(VULNERABLE, CHUNK);
        assertThat(told.subList(0, VULNERABLE)).allMatch(NoticeRequest::vulnerable);

        int punctuations = driver.runJobsToTheEnd(told);

        assertThat(told).extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
        assertThat(told.stream().filter(NoticeRequest::vulnerable).count()).isEqualTo(VULNERABLE);
        assertThat(told.subList(0, VULNERABLE)).as("the vulnerable lane ends before anyone else is told")
                .allMatch(NoticeRequest::vulnerable);
        assertThat(punctuations).as("the vulnerable store (%d) then all %d subscribers, %d per chunk, the first "
                + "chunk when the event came", VULNERABLE, SUBSCRIBERS, CHUNK)
                .isEqualTo((VULNERABLE + SUBSCRIBERS + CHUNK - 1) / CHUNK - 1);
        int fullBatches = (SUBSCRIBERS + BATCH - 1) / BATCH;
        assertThat(driver.requests.recordsRead()).as("batches of %d notices, one partial batch at most per chunk",
                BATCH).isBetween(fullBatches, fullBatches + punctuations + 1);
    }

    @Test
    void aFanOutKeepsADecisionRecordPerNoticeOfTheVulnerableLaneOnlyAndOneToldRangeForTheWholeBase() {
        driver.outage(OutageStatus.DETECTED, 1);
        List<NoticeRequest> told = new ArrayList<>(driver.requests.readValuesToList());
        driver.runJobsToTheEnd(told);

        assertThat(told).hasSize(SUBSCRIBERS);
        assertThat(driver.count(NotifierTopology.NOTICES_DECIDED_STORE)).isEqualTo(VULNERABLE);
        ToldRanges episode = (ToldRanges) driver.store(NotifierTopology.TOLD_RANGES_STORE)
                .get(ToldRanges.keyOf(NotifierFixtures.OUTAGE_ID, 0));
        assertThat(episode.ranges()).singleElement().satisfies(range -> {
            assertThat(range.stage()).isEqualTo(OutageStatus.DETECTED);
            assertThat(range.complete()).isTrue();
        });
        assertThat(driver.count(NotifierTopology.OPEN_EPISODES_STORE)).isOne();
    }

    @Test
    void anUpdateArrivingMidFanOutTellsTheStartToThoseNotReachedYetAndTheFanOutDoesNotTellThemAgain() {
        List<NoticeRequest> told = driver.detectedFor(3);

        driver.outage(OutageStatus.UPDATED, 2);
        driver.runJobsToTheEnd(told);

        assertThat(told).as("nobody has an email address: the update itself is owed to nobody")
                .allMatch(request -> request.stage() == OutageStatus.DETECTED)
                .extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
    }

    @Test
    void aNewerVersionOfTheStartReplacingAFanOutMidWayTellsOnlyThoseTheFirstDidNotReach() {
        List<NoticeRequest> told = driver.detectedFor(3);

        driver.outage(OutageStatus.DETECTED, 2);
        driver.runJobsToTheEnd(told);

        assertThat(told).extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
        assertThat(told).as("each version told the start to some").extracting(NoticeRequest::outageVersion)
                .contains(1L, 2L);
    }

    @Test
    void anEpisodeStaysOpenAWeekAfterItsEndReachedTheWholeBaseThenDropsItsFrozenVerdicts() {
        driver.outage(OutageStatus.DETECTED, 1);
        List<NoticeRequest> told = new ArrayList<>(driver.requests.readValuesToList());
        driver.runJobsToTheEnd(told);
        String mover = String.format("S%05d", 3);
        driver.subscribers.pipeInput(mover, NotifierFixtures.subscriber(mover, "south", "447700900003", null, false,
                EnumSet.allOf(Service.class), Set.of()));
        assertThat(driver.count(NotifierTopology.TOLD_FROZEN_STORE)).as("moved while the outage is open").isOne();

        driver.outage(OutageStatus.RESOLVED, 2);
        driver.runJobsToTheEnd(told);
        driver.subscribers.pipeInput(mover, NotifierFixtures.subscriber(mover, "north", "447700900003", null, false,
                EnumSet.allOf(Service.class), Set.of()));
        assertThat(driver.count(NotifierTopology.OPEN_EPISODES_STORE)).as("a corrected end may still come").isOne();
        driver.advance(FanOutProcessor.ENDED_EPISODE_RETENTION.plus(FanOutProcessor.EPISODE_SWEEP_INTERVAL));

        assertThat(driver.count(NotifierTopology.OPEN_EPISODES_STORE)).isZero();
        assertThat(driver.count(NotifierTopology.TOLD_FROZEN_STORE)).isZero();
        assertThat(told).filteredOn(request -> request.stage() == OutageStatus.RESOLVED)
                .extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS - 1)
                .doesNotContain(mover);
    }

    @Test
    void aVulnerableSubscriberMissingFromTheVulnerableStoreIsStillToldOnce() {
        String missing = String.format("S%05d", 57);
        driver.store(NotifierTopology.VULNERABLE_STORE).delete(missing);

        driver.outage(OutageStatus.DETECTED, 1);
        List<NoticeRequest> told = new ArrayList<>(driver.requests.readValuesToList());
        driver.runJobsToTheEnd(told);

        assertThat(told).extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS)
                .contains(missing);
    }

    @Test
    void aSubscriberFlaggedVulnerableWhileTheJobRunsIsStillToldOnce() {
        driver.outage(OutageStatus.DETECTED, 1);
        List<NoticeRequest> told = new ArrayList<>(driver.requests.readValuesToList());
        String late = String.format("S%05d", SUBSCRIBERS - 3);
        driver.subscribers.pipeInput(late, NotifierFixtures.subscriber(late, "north", "447700901047", null, true,
                EnumSet.allOf(Service.class), Set.of()));

        driver.runJobsToTheEnd(told);

        assertThat(told).extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS)
                .contains(late);
    }

    @Test
    void aSubscriberNoLongerFlaggedLeavesTheVulnerableStore() {
        String id = String.format("S%05d", 7);
        assertThat(driver.store(NotifierTopology.VULNERABLE_STORE).get(id)).isNotNull();

        driver.subscribers.pipeInput(id, NotifierFixtures.subscriber(id, "north", "447700900007", null, false,
                EnumSet.allOf(Service.class), Set.of()));

        assertThat(driver.store(NotifierTopology.VULNERABLE_STORE).get(id)).isNull();
        assertThat(driver.store(NotifierTopology.SUBSCRIBERS_STORE).get(id)).isNotNull();
    }

    @Test
    void aResolutionArrivingMidFanOutReplacesItSoTheRestAreOnlyToldItIsResolved() {
        List<NoticeRequest> told = driver.detectedFor(5);
        long detectedBefore = told.size();

        driver.outage(OutageStatus.RESOLVED, 2);
        driver.runJobsToTheEnd(told);

        assertThat(told).filteredOn(request -> request.stage() == OutageStatus.DETECTED).hasSize((int) detectedBefore);
        assertThat(told).filteredOn(request -> request.stage() == OutageStatus.RESOLVED)
                .extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
        assertThat(told.subList((int) detectedBefore, told.size())).as("nothing detected after the resolution")
                .allMatch(request -> request.stage() == OutageStatus.RESOLVED);
    }

    @Test
    void aRestartInTheMiddleOfAFanOutResumesFromTheLastChunkAndTellsNobodyTwice() throws IOException {
        List<NoticeRequest> told = driver.detectedFor(5);
        assertThat(told.size()).isBetween(VULNERABLE, SUBSCRIBERS - CHUNK);

        driver.restart();
        driver.runJobsToTheEnd(told);

        assertThat(told).extracting(NoticeRequest::subscriberId).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
        assertThat(driver.jobsUnderWay()).isZero();
    }

    /** A TopologyTestDriver of the notifier with chunks of {@value #CHUNK}, restartable on its state directory. */
    private static final class Driver {

        private final Path stateDir;
        private TopologyTestDriver driver;
        TestInputTopic<String, String> subscribers;
        TestInputTopic<String, String> outages;
        NoticeRequestsOutput requests;

        Driver(Path stateDir) {
            this.stateDir = stateDir;
            open();
        }

        private void open() {
            StreamsBuilder builder = new StreamsBuilder();
            NotifierTopology.build(builder, "/test", NotifierMetrics.NONE, CHUNK, BATCH);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fanout-chunk-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            driver = new TopologyTestDriver(builder.build(), props, NotifierFixtures.T0);
            subscribers = driver.createInputTopic(Topics.SUBSCRIBERS.name(), new StringSerializer(),
                    new StringSerializer());
            outages = driver.createInputTopic(Topics.OUTAGES.name(), new StringSerializer(), new StringSerializer());
            requests = new NoticeRequestsOutput(driver, BATCH);
        }

        void outage(OutageStatus status, long version) {
            outages.pipeInput(NotifierFixtures.OUTAGE_ID, NotifierFixtures.outage(status, version, DATA,
                    Set.of("north"), Set.of()));
        }

        /** Publishes DETECTED v1 and lets its fan-out run for some punctuations; returns what it told. */
        List<NoticeRequest> detectedFor(int punctuations) {
            outage(OutageStatus.DETECTED, 1);
            List<NoticeRequest> told = new ArrayList<>(requests.readValuesToList());
            for (int i = 0; i < punctuations; i++) {
                advance();
                told.addAll(requests.readValuesToList());
            }
            return told;
        }

        void advance() {
            advance(FanOutProcessor.CHUNK_INTERVAL);
        }

        void advance(Duration wallClock) {
            driver.advanceWallClockTime(wallClock);
        }

        KeyValueStore<String, Object> store(String name) {
            return driver.getKeyValueStore(name);
        }

        long jobsUnderWay() {
            return count(NotifierTopology.FANOUT_JOBS_STORE);
        }

        long count(String store) {
            long entries = 0;
            try (var all = driver.getKeyValueStore(store).all()) {
                for (; all.hasNext(); all.next()) {
                    entries++;
                }
            }
            return entries;
        }

        /** Advances the wall clock until no job is under way, collecting what is told; returns the steps taken. */
        int runJobsToTheEnd(List<NoticeRequest> told) {
            int steps = 0;
            while (jobsUnderWay() > 0) {
                assertThat(steps++).as("jobs end").isLessThan(1_000);
                advance();
                told.addAll(requests.readValuesToList());
            }
            return steps;
        }

        /**
         * Stops the driver as a crashed instance would after its last commit, and starts another on the same state
         * directory. TopologyTestDriver.close() wipes its task directories, so the flushed stores are kept aside
         * and put back.
         */
        void restart() throws IOException {
            for (String store : List.of(NotifierTopology.SUBSCRIBERS_STORE, NotifierTopology.VULNERABLE_STORE,
                    NotifierTopology.NOTICES_DECIDED_STORE, NotifierTopology.TOLD_RANGES_STORE,
                    NotifierTopology.OPEN_EPISODES_STORE, NotifierTopology.TOLD_FROZEN_STORE,
                    NotifierTopology.OUTAGE_VERSIONS_STORE, NotifierTopology.OUTAGE_SCOPES_STORE,
                    NotifierTopology.FANOUT_JOBS_STORE)) {
                driver.getKeyValueStore(store).flush();
            }
            Path aside = Files.createTempDirectory("fanout-chunk-aside");
            StateDirectories.copy(stateDir, aside);
            driver.close();
            StateDirectories.copy(aside, stateDir);
            open();
        }

        void close() {
            driver.close();
        }

    }
}
