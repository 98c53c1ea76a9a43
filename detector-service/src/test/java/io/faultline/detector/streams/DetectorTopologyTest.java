package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageResolved;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.detector.alarms.AlarmSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> topology;
    private TestInputTopic<String, String> alarms;
    private TestInputTopic<String, String> complaints;
    private TestOutputTopic<String, OutageEvent> outages;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        DetectorTopology.build(builder, DetectorSettings.defaults(), DetectorMetrics.NONE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        stateDir = Files.createTempDirectory("detector-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        topology = driver.createInputTopic(Topics.NETWORK_TOPOLOGY.name(), new StringSerializer(), new StringSerializer());
        alarms = driver.createInputTopic(Topics.NETWORK_ALARMS.name(), new StringSerializer(), new StringSerializer());
        complaints = driver.createInputTopic(Topics.CUSTOMER_COMPLAINTS.name(), new StringSerializer(), new StringSerializer());
        outages = driver.createOutputTopic(Topics.OUTAGES.name(), new StringDeserializer(),
                Topics.OUTAGES.serde("test").deserializer());
        element("PGW-NORTH", ElementType.PACKET_GATEWAY, null, List.of("north", "scotland"), Set.of(Service.DATA), 40_000);
        element("SITE-N-1", ElementType.SITE, "PGW-NORTH", List.of("north"), Set.of(Service.DATA, Service.VOICE), 900);
        element("CELL-N-1-A", ElementType.CELL, "SITE-N-1", List.of("north"), Set.of(Service.DATA, Service.VOICE), 300);
        element("VM-1", ElementType.VOICEMAIL_PLATFORM, null, List.of("north", "south"), Set.of(Service.VOICEMAIL), 800_000);
        element("OSS-PROBE", ElementType.SITE, null, List.of("north"), Set.of(), 0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void criticalAlarmOpensAnOutageScopedByTopologyAndItsClearResolvesIt() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plus(Duration.ofHours(24)));
        assertThat(driver.getKeyValueStore(DetectorTopology.OPEN_OUTAGES_STORE).get("PGW-NORTH")).isNotNull();
        settle();

        List<TestRecord<String, OutageEvent>> events = outages.readRecordsToList();
        assertThat(events).hasSize(2);
        OutageEvent detected = events.get(0).value();
        assertThat(detected.status()).isEqualTo(OutageStatus.DETECTED);
        assertThat(detected.outage().version()).isEqualTo(1);
        assertThat(events.get(0).key()).isEqualTo(detected.outage().outageId());
        assertThat(detected.outage().scope().services()).containsExactly(Service.DATA);
        assertThat(detected.outage().scope().regions()).containsExactlyInAnyOrder("north", "scotland");
        assertThat(detected.outage().scope().elements()).containsExactlyInAnyOrder("PGW-NORTH", "SITE-N-1", "CELL-N-1-A");
        assertThat(detected.outage().startedAt()).isEqualTo(T0);
        assertThat(detected.outage().estimatedAffected()).isEqualTo(40_000);
        assertThat(detected.outage().evidence().alarmIds()).containsExactly("ALM-1");
        assertThat(CloudEventHeaders.read(events.get(0).headers(), CloudEventHeaders.TYPE))
                .contains("io.faultline.outage.detected.v1");

        OutageEvent resolved = events.get(1).value();
        assertThat(resolved).isInstanceOf(OutageResolved.class);
        assertThat(resolved.outage().outageId()).isEqualTo(detected.outage().outageId());
        assertThat(resolved.outage().version()).isEqualTo(2);
        assertThat(resolved.outage().endedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @Test
    void outageStaysOpenUntilTheLastOfItsAlarmsClears() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.MAJOR, T0);
        raise("ALM-2", "PGW-NORTH", AlarmSeverity.CRITICAL, T0.plusSeconds(30));
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(600));
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status).containsExactly(OutageStatus.DETECTED);
        clear("ALM-2", "PGW-NORTH", T0.plusSeconds(900));
        settle();
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status).containsExactly(OutageStatus.RESOLVED);
    }

    @Test
    void replayedAlarmsCreateNoSecondOutage() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(3600));
        settle();
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(3600));
        settle();
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.RESOLVED);
    }

    @Test
    void vesAnd3gppAlarmsOpenAndClearOutagesLikeNativeOnesWhateverTheRecordKey() {
        alarms.pipeInput("ems-1", AlarmSamples.vesBatch(
                AlarmSamples.vesFault("PGW-NORTH", "certExpired", "CRITICAL", "Fault_PGW_certExpired", T0),
                AlarmSamples.vesFault("SITE-N-1", "linkDown", "MINOR", "Fault_SITE_linkDown", T0)), T0);
        alarms.pipeInput(null, AlarmSamples.threeGpp("notifyNewAlarm", "77", "VM-1", "MAJOR", T0), T0);
        alarms.pipeInput("whatever", AlarmSamples.vesSingle("PGW-NORTH", "certExpired", "NORMAL",
                "Fault_PGW_certExpired", T0.plusSeconds(3600)), T0.plusSeconds(3600));
        alarms.pipeInput(null, AlarmSamples.threeGpp("notifyClearedAlarm", "77", "VM-1", "CLEARED",
                T0.plusSeconds(7200)), T0.plusSeconds(7200));
        settle();
        List<OutageEvent> events = outages.readValuesToList();
        assertThat(events).extracting(e -> e.outage().outageId() + ":" + e.status()).containsExactly(
                "OUT-20181206T053000-PGW-NORTH:DETECTED", "OUT-20181206T053000-VM-1:DETECTED",
                "OUT-20181206T053000-PGW-NORTH:RESOLVED", "OUT-20181206T053000-VM-1:RESOLVED");
        assertThat(events.get(0).outage().evidence().alarmIds()).containsExactly("PGW-NORTH/certExpired");
    }

    @Test
    void aFlappingAlarmIsOneOutageWithOneResolution() {
        for (int i = 0; i < 10; i++) {
            raise("ALM-FLAP", "PGW-NORTH", AlarmSeverity.MAJOR, T0.plusSeconds(30L * i));
            clear("ALM-FLAP", "PGW-NORTH", T0.plusSeconds(30L * i + 15));
            driver.advanceWallClockTime(Duration.ofSeconds(30));
        }
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status).containsExactly(OutageStatus.DETECTED);
        settle();
        List<OutageEvent> resolved = outages.readValuesToList();
        assertThat(resolved).extracting(OutageEvent::status).containsExactly(OutageStatus.RESOLVED);
        assertThat(resolved.getFirst().outage().endedAt()).isEqualTo(T0.plusSeconds(285));
    }

    @Test
    void aFailureWithinTheReopenWindowReopensTheSameOutageAndALaterOneOpensANewOutage() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(600));
        settle();
        raise("ALM-2", "PGW-NORTH", AlarmSeverity.MAJOR, T0.plusSeconds(600 + 1200));
        clear("ALM-2", "PGW-NORTH", T0.plusSeconds(600 + 1800));
        settle();
        raise("ALM-3", "PGW-NORTH", AlarmSeverity.CRITICAL, T0.plus(Duration.ofHours(5)));

        List<OutageEvent> events = outages.readValuesToList();
        assertThat(events).extracting(e -> e.status() + "@v" + e.outage().version()).containsExactly(
                "DETECTED@v1", "RESOLVED@v2", "REOPENED@v3", "RESOLVED@v4", "DETECTED@v1");
        String first = events.get(0).outage().outageId();
        assertThat(events.subList(0, 4)).allMatch(e -> e.outage().outageId().equals(first));
        assertThat(events.get(2).outage().endedAt()).isNull();
        assertThat(events.get(2).outage().evidence().alarmIds()).containsExactly("ALM-1", "ALM-2");
        assertThat(events.get(3).outage().endedAt()).isEqualTo(T0.plusSeconds(2400));
        assertThat(events.get(4).outage().outageId()).isNotEqualTo(first);
    }

    @Test
    void aClearArrivingBeforeItsRaiseMakesATransientNothingAndALongOutageOneThatAlreadyEnded() {
        clear("ALM-T", "PGW-NORTH", T0.plusSeconds(30));
        raise("ALM-T", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        settle();
        assertThat(outages.isEmpty()).isTrue();

        clear("ALM-L", "VM-1", T0.plusSeconds(3600));
        raise("ALM-L", "VM-1", AlarmSeverity.CRITICAL, T0);
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status).containsExactly(OutageStatus.DETECTED);
        settle();
        List<OutageEvent> resolved = outages.readValuesToList();
        assertThat(resolved).extracting(OutageEvent::status).containsExactly(OutageStatus.RESOLVED);
        assertThat(resolved.getFirst().outage().endedAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aLateRaiseFromWithinAResolvedOutageChangesNothing() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(600));
        settle();
        raise("ALM-LATE", "PGW-NORTH", AlarmSeverity.MAJOR, T0.plusSeconds(300));
        settle();
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.RESOLVED);
    }

    @Test
    void aClearHeldDownInEventTimeResolvesWhenTheElementsPartitionMovesOn() {
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);
        clear("ALM-1", "PGW-NORTH", T0.plusSeconds(60));
        raise("ALM-M", "PGW-NORTH", AlarmSeverity.MINOR, T0.plusSeconds(600));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.RESOLVED);
    }

    @Test
    void alarmsThatCannotAffectCustomersOpenNothing() {
        raise("ALM-M", "PGW-NORTH", AlarmSeverity.MINOR, T0);
        raise("ALM-U", "UNKNOWN-ELEMENT", AlarmSeverity.CRITICAL, T0);
        raise("ALM-P", "OSS-PROBE", AlarmSeverity.CRITICAL, T0);
        clear("ALM-X", "PGW-NORTH", T0);
        assertThat(outages.isEmpty()).isTrue();
    }

    @Test
    void anAlarmOnAnElementTheInventoryDoesNotKnowYetOpensTheOutageWhenReSentAfterTheInventoryUpdate() {
        raise("ALM-NEW", "PGW-WEST", AlarmSeverity.CRITICAL, T0);
        assertThat(outages.isEmpty()).isTrue();
        element("PGW-WEST", ElementType.PACKET_GATEWAY, null, List.of("wales"), Set.of(Service.DATA), 5_000);
        raise("ALM-NEW", "PGW-WEST", AlarmSeverity.CRITICAL, T0);
        assertThat(outages.readValue().outage().scope().regions()).containsExactly("wales");
    }

    @Test
    void platformOutageIsScopedToItsElementNotToRegions() {
        raise("VM-ALM", "VM-1", AlarmSeverity.CRITICAL, T0);
        OutageEvent detected = outages.readValue();
        assertThat(detected.outage().scope().regions()).isEmpty();
        assertThat(detected.outage().scope().elements()).containsExactly("VM-1");
        assertThat(detected.outage().scope().services()).containsExactly(Service.VOICEMAIL);
    }

    @Test
    void malformedRecordsGoToTheirDeadLetterTopicsAndProcessingGoesOn() {
        var alarmsDlt = driver.createOutputTopic(Topics.NETWORK_ALARMS.dlt(), new StringDeserializer(), new StringDeserializer());
        var topologyDlt = driver.createOutputTopic(Topics.NETWORK_TOPOLOGY.dlt(), new StringDeserializer(), new StringDeserializer());
        var complaintsDlt = driver.createOutputTopic(Topics.CUSTOMER_COMPLAINTS.dlt(), new StringDeserializer(), new StringDeserializer());

        alarms.pipeInput("PGW-NORTH", "{not json");
        alarms.pipeInput("PGW-NORTH", "{\"alarmId\":\"A\",\"sourceId\":\"PGW-NORTH\",\"severity\":\"DISASTER\",\"eventTime\":\"2018-12-06T05:30:00Z\"}");
        topology.pipeInput("X", "{\"elementId\":\"X\",\"subscribersServed\":0,\"updatedAt\":\"2018-01-01T00:00:00Z\"}");
        complaints.pipeInput("S1", "{\"complaintId\":\"C1\"}");
        raise("ALM-1", "PGW-NORTH", AlarmSeverity.CRITICAL, T0);

        List<TestRecord<String, String>> rejected = alarmsDlt.readRecordsToList();
        assertThat(rejected).hasSize(2);
        assertThat(reason(rejected.get(0))).contains("not JSON");
        assertThat(reason(rejected.get(1))).contains("DISASTER").contains("severity");
        assertThat(rejected.get(0).value()).isEqualTo("{not json");
        assertThat(header(rejected.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.NETWORK_ALARMS.name());
        assertThat(header(rejected.get(0), DeadLetterHeaders.REJECTED_BY)).isEqualTo("detector-service");
        assertThat(reason(topologyDlt.readRecord())).contains("missing required field 'type'");
        assertThat(reason(complaintsDlt.readRecord())).contains("missing required field 'subscriberId'");
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status).containsExactly(OutageStatus.DETECTED);
    }

    @Test
    void failuresOfAnElementAndTheElementsBelowItWithinTheCorrelationWindowMakeOneOutage() {
        raise("ALM-C", "CELL-N-1-A", AlarmSeverity.MAJOR, T0);
        raise("ALM-S", "SITE-N-1", AlarmSeverity.MAJOR, T0.plusSeconds(5));
        assertThat(outages.isEmpty()).as("children are held for the correlation window").isTrue();
        raise("ALM-P", "PGW-NORTH", AlarmSeverity.CRITICAL, T0.plusSeconds(10));

        OutageEvent detected = outages.readValue();
        assertThat(outages.isEmpty()).isTrue();
        assertThat(detected.status()).isEqualTo(OutageStatus.DETECTED);
        assertThat(detected.outage().outageId()).endsWith("PGW-NORTH");
        assertThat(detected.outage().startedAt()).isEqualTo(T0);
        assertThat(detected.outage().scope().elements()).contains("PGW-NORTH", "SITE-N-1", "CELL-N-1-A");
        assertThat(detected.outage().evidence().alarmIds()).containsExactlyInAnyOrder("ALM-P", "ALM-S", "ALM-C");

        clear("ALM-P", "PGW-NORTH", T0.plusSeconds(600));
        settle();
        OutageEvent narrowed = outages.readValue();
        assertThat(narrowed.status()).as("children still failed: narrowed, not resolved")
                .isEqualTo(OutageStatus.UPDATED);
        assertThat(narrowed.outage().scope().regions()).containsExactly("north");
        assertThat(narrowed.outage().scope().elements()).containsExactlyInAnyOrder("SITE-N-1", "CELL-N-1-A");

        clear("ALM-S", "SITE-N-1", T0.plusSeconds(900));
        clear("ALM-C", "CELL-N-1-A", T0.plusSeconds(960));
        settle();
        assertThat(outages.readValuesToList()).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.RESOLVED);
    }

    /** Lets the clear hold-down pass in processing time. */
    private void settle() {
        driver.advanceWallClockTime(DetectorSettings.defaults().clearHoldDown().plusSeconds(1));
    }

    private void element(String id, ElementType type, String parent, List<String> regions, Set<Service> services, long served) {
        topology.pipeInput(id, EventJson.writeString(new NetworkElement(id, type, parent, regions, services, served, T0.minusSeconds(86_400))));
    }

    private void raise(String alarmId, String source, AlarmSeverity severity, Instant at) {
        alarms.pipeInput(source, alarmJson(alarmId, source, severity, at), at);
    }

    private void clear(String alarmId, String source, Instant at) {
        alarms.pipeInput(source, alarmJson(alarmId, source, AlarmSeverity.CLEARED, at), at);
    }

    private void complaint(String id, String subscriber, String region, Service service, Instant at) {
        complaints.pipeInput(subscriber, EventJson.writeString(new CustomerComplaint(id, subscriber, region, null, service,
                ComplaintChannel.APP, at)), at);
    }

    private static String alarmJson(String alarmId, String source, AlarmSeverity severity, Instant at) {
        return EventJson.writeString(new NetworkAlarm(alarmId, source, severity, "COMMUNICATIONS_ALARM",
                "softwareError", "certificate expired", at));
    }

    private static String reason(TestRecord<String, String> record) {
        return header(record, DeadLetterHeaders.REASON);
    }

    private static String header(TestRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
