package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceReleased;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.policy.NoticeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotifierTopologyTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> subscribers;
    private TestInputTopic<String, String> outages;
    private NoticeRequestsOutput requests;
    private TestOutputTopic<String, NoticeReceipt> receipts;

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        NotifierTopology.build(builder, "/test", NotifierMetrics.NONE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notifier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("notifier-test").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, T0);
        subscribers = driver.createInputTopic(Topics.SUBSCRIBERS.name(), new StringSerializer(), new StringSerializer());
        outages = driver.createInputTopic(Topics.OUTAGES.name(), new StringSerializer(), new StringSerializer());
        requests = new NoticeRequestsOutput(driver, FanOutProcessor.DEFAULT_BATCH_SIZE);
        receipts = driver.createOutputTopic(Topics.NOTICE_RECEIPTS.name(), new StringDeserializer(),
                Topics.NOTICE_RECEIPTS.serde("test").deserializer());

        subscriber("A", "north", "447700900001", "a@mail.example", false, EnumSet.allOf(Service.class), Set.of());
        subscriber("B", "south", "447700900002", "b@mail.example", false, EnumSet.allOf(Service.class), Set.of());
        subscriber("C", "north", "447700900003", null, true, EnumSet.allOf(Service.class), Set.of());
        subscriber("D", "north", "447700900004", "d@mail.example", false, EnumSet.of(Service.VOICE, Service.SMS), Set.of());
        subscriber("E", "north", null, null, false, EnumSet.allOf(Service.class), Set.of());
        subscriber("F", "south", "447700900006", "f@mail.example", false, EnumSet.allOf(Service.class), Set.of("VM-1"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void onlyAffectedSubscribersAreToldVulnerableFirstAndTheUnreachableAreRecordedAsSuppressed() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of("PGW-N"));

        List<NoticeRequest> sent = requests.readValuesToList();
        assertThat(sent).extracting(NoticeRequest::subscriberId).containsExactly("C", "A");
        assertThat(sent).allMatch(r -> r.channel() == NoticeChannel.SMS && r.stage() == OutageStatus.DETECTED);
        assertThat(sent.get(1).noticeId()).isEqualTo("OUT-1:DETECTED:A:SMS");
        List<NoticeReceipt> suppressed = receipts.readValuesToList();
        assertThat(suppressed).singleElement().satisfies(r -> {
            assertThat(r.subscriberId()).isEqualTo("E");
            assertThat(r.state()).isEqualTo(NoticeState.SUPPRESSED);
            assertThat(r.detail()).contains("no contact address");
        });
    }

    @Test
    void subscribersHomedOnAnElementInScopeAreToldWhereverTheyLive() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.VOICEMAIL), Set.of(), Set.of("VM-1"));
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).containsExactly("F");
    }

    @Test
    void whenSmsIsDownCustomersAreToldByEmailAndThoseWithoutEmailAreSuppressed() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.SMS, Service.VOICE), Set.of("north"), Set.of("CORE"));
        List<NoticeRequest> sent = requests.readValuesToList();
        assertThat(sent).extracting(NoticeRequest::subscriberId).containsExactlyInAnyOrder("A", "D");
        assertThat(sent).allMatch(r -> r.channel() == NoticeChannel.EMAIL && r.address().endsWith("@mail.example"));
        assertThat(receipts.readValuesToList()).extracting(NoticeReceipt::subscriberId).containsExactlyInAnyOrder("C", "E");
    }

    @Test
    void replayedEventsAndSupersededStagesSendNothing() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(r -> r.subscriberId() + ":" + r.stage())
                .containsExactly("C:DETECTED", "A:DETECTED", "C:RESOLVED", "A:RESOLVED");
        receipts.readValuesToList();

        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.isEmpty()).isTrue();
        assertThat(receipts.isEmpty()).isTrue();
    }

    @Test
    void anOutageMergedIntoAnotherIsNotToldAsRestored() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        requests.readValuesToList();
        receipts.readValuesToList();

        OutageSnapshot merged = new OutageSnapshot("OUT-1", 2, "Mobile data unavailable in north",
                OutageSeverity.CRITICAL, new OutageScope(Set.of(Service.DATA), Set.of("north"), Set.of()), T0, T0,
                T0.plusSeconds(600), new Evidence(List.of("ALM-1"), 0, 0, 0.9), 1000, null, null, "OUT-2");
        outages.pipeInput("OUT-1", EventJson.writeString(OutageEvent.of(OutageStatus.RESOLVED, T0.plusSeconds(600),
                merged)));

        assertThat(requests.isEmpty()).isTrue();
        assertThat(receipts.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(NotifierTopology.OPEN_EPISODES_STORE).get("OUT-1#0"))
                .as("its customers' later changes are no longer frozen").isNull();
    }

    @Test
    void aStageAlreadyToldIsNotToldAgainEvenUnderANewerVersion() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).hasSize(2);
        receipts.readValuesToList();
        outage(OutageStatus.DETECTED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.isEmpty()).isTrue();
        assertThat(receipts.isEmpty()).isTrue();
    }

    @Test
    void afterAReopeningCustomersAreToldAgainThatItFailedAndAgainWhenItEnds() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.REOPENED, 3, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 4, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 4, Set.of(Service.DATA), Set.of("north"), Set.of());
        List<NoticeRequest> sent = requests.readValuesToList();
        assertThat(sent).filteredOn(r -> r.subscriberId().equals("A")).extracting(NoticeRequest::noticeId)
                .containsExactly("OUT-1:DETECTED:A:SMS", "OUT-1:RESOLVED:A:SMS", "OUT-1#1:REOPENED:A:SMS",
                        "OUT-1#1:RESOLVED:A:SMS");
        assertThat(driver.getKeyValueStore(NotifierTopology.OPEN_EPISODES_STORE).get("OUT-1#0"))
                .as("the reopening closed the first episode").isNull();
        assertThat(driver.getKeyValueStore(NotifierTopology.OPEN_EPISODES_STORE).get("OUT-1#1")).isNotNull();
    }

    @Test
    void aCorrectedResolutionDoesNotTellTheEndAgainToACustomerWhoMovedSince() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        outage(OutageStatus.RESOLVED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).contains("OUT-1:RESOLVED:A:SMS");
        receipts.readValuesToList();
        subscriber("A", "south", "447700900001", "a@mail.example", false, EnumSet.allOf(Service.class), Set.of());

        outage(OutageStatus.RESOLVED, 3, Set.of(Service.DATA), Set.of("north", "south"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).as("B and F only now in scope")
                .containsExactlyInAnyOrder("OUT-1:RESOLVED:B:SMS", "OUT-1:RESOLVED:F:SMS");
    }

    @Test
    void anOutageToldBeforeToldRangesExistedFindsItsDecisionsKeptPerChannel() {
        driver.getKeyValueStore(NotifierTopology.OUTAGE_VERSIONS_STORE).put("OUT-1", 1L);
        for (String decided : List.of("OUT-1:DETECTED:A:SMS", "OUT-1:DETECTED:C:SMS",
                "OUT-1:DETECTED:E:STATUS_PAGE")) {
            driver.getKeyValueStore(NotifierTopology.NOTICES_DECIDED_STORE).put(decided, 0L);
        }

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north", "south"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:UPDATED.v2:A:EMAIL", "OUT-1:DETECTED:B:SMS", "OUT-1:DETECTED:F:SMS");
    }

    @Test
    void anUpdateIsEmailedToThoseAlreadyToldWhileThoseItBringsIntoScopeAreToldItStartedOnAnyChannel() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        requests.readValuesToList();
        receipts.readValuesToList();

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north", "south"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:UPDATED.v2:A:EMAIL", "OUT-1:DETECTED:B:SMS", "OUT-1:DETECTED:F:SMS");
        assertThat(receipts.readValuesToList()).as("C has no email: an update is not owed on SMS").isEmpty();

        outage(OutageStatus.UPDATED, 3, Set.of(Service.DATA), Set.of("north", "south"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:UPDATED.v3:A:EMAIL", "OUT-1:UPDATED.v3:B:EMAIL", "OUT-1:UPDATED.v3:F:EMAIL");
    }

    @Test
    void aCustomerWhoMovesIntoTheScopeAfterTheFanOutPassedThemIsToldTheStartByTheNextUpdate() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).doesNotContain("B");
        receipts.readValuesToList();
        subscriber("B", "north", "447700900002", "b@mail.example", false, EnumSet.allOf(Service.class), Set.of());

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:UPDATED.v2:A:EMAIL", "OUT-1:DETECTED:B:SMS");
    }

    @Test
    void aCustomerToldTheStartWhoseRecordChangesIsToldTheUpdateAndNotTheStartAgain() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north", "south"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).contains("A", "B");
        receipts.readValuesToList();
        subscriber("B", "north", "447700900002", "b@mail.example", false, EnumSet.allOf(Service.class), Set.of());
        subscriber("A", "north", "447700900001", "a.new@mail.example", false, EnumSet.allOf(Service.class),
                Set.of());

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north", "south"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:UPDATED.v2:A:EMAIL", "OUT-1:UPDATED.v2:B:EMAIL", "OUT-1:UPDATED.v2:F:EMAIL");
    }

    @Test
    void aVulnerableCustomerAnUpdateBringsIntoScopeIsToldTheStartAndNotTheUpdateToo() {
        subscriber("V", "south", "447700900008", "v@mail.example", true, EnumSet.allOf(Service.class), Set.of());
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        requests.readValuesToList();

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north", "south"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId)
                .filteredOn(id -> id.contains(":V:")).containsExactly("OUT-1:DETECTED:V:SMS");
    }

    @Test
    void customersOfEveryBrandOnTheNetworkAreToldInTheirBrandAndLanguage() {
        subscribers.pipeInput("S1", NotifierFixtures.subscriberOfBrand("S1", "skylark", "fr", "north", "447700900101",
                null, false, EnumSet.allOf(Service.class), Set.of(), ContactPreferences.DEFAULT));
        subscribers.pipeInput("V1", NotifierFixtures.subscriberOfBrand("V1", "volta", "en", "north", "447700900102",
                null, false, EnumSet.allOf(Service.class), Set.of(), ContactPreferences.DEFAULT));
        subscribers.pipeInput("V2", NotifierFixtures.subscriberOfBrand("V2", "volta", "en", "south", "447700900103",
                null, false, EnumSet.allOf(Service.class), Set.of(), ContactPreferences.DEFAULT));

        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());

        assertThat(requests.readValuesToList()).filteredOn(r -> !r.brand().equals("meridian"))
                .extracting(r -> r.subscriberId() + ":" + r.brand() + ":" + r.locale())
                .containsExactlyInAnyOrder("S1:skylark:fr", "V1:volta:en");
    }

    @Test
    void customersToldOfTheStartHearTheEndEvenWhenTheScopeNarrowedAwayFromThemButNobodyElseDoes() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north", "south"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).contains("A", "B", "F");
        receipts.readValuesToList();
        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        requests.readValuesToList();
        receipts.readValuesToList();
        subscriber("G", "south", "447700900007", null, false, EnumSet.allOf(Service.class), Set.of());

        outage(OutageStatus.RESOLVED, 3, Set.of(Service.DATA), Set.of("north"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::noticeId).containsExactlyInAnyOrder(
                "OUT-1:RESOLVED:A:SMS", "OUT-1:RESOLVED:C:SMS", "OUT-1:RESOLVED:B:SMS", "OUT-1:RESOLVED:F:SMS");
        assertThat(receipts.readValuesToList()).as("E has no address: the end is recorded as not told")
                .extracting(NoticeReceipt::subscriberId).containsExactly("E");
    }

    @Test
    void anOptOutOfNonCriticalNoticesSkipsUpdatesButNeverTheStartOrEndNorAVulnerableCustomer() {
        subscribers.pipeInput("G", NotifierFixtures.subscriber("G", "north", "447700900007", "g@mail.example",
                false, EnumSet.allOf(Service.class), Set.of(), new ContactPreferences(null, true)));
        subscribers.pipeInput("H", NotifierFixtures.subscriber("H", "north", "447700900008", "h@mail.example",
                true, EnumSet.allOf(Service.class), Set.of(), new ContactPreferences(null, true)));
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).contains("G", "H");
        receipts.readValuesToList();

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId)
                .containsExactlyInAnyOrder("H", "A");
        assertThat(receipts.readValuesToList()).singleElement().satisfies(receipt -> {
            assertThat(receipt.noticeId()).isEqualTo("OUT-1:UPDATED.v2:G:EMAIL");
            assertThat(receipt.state()).isEqualTo(NoticeState.SUPPRESSED);
            assertThat(receipt.detail()).contains("opted out of non-critical");
        });

        outage(OutageStatus.RESOLVED, 3, Set.of(Service.DATA), Set.of("north"), Set.of());
        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).contains("G", "H");
    }

    @Test
    void anUpdateOfAnOutageThatAffectsMailIsEmailedToNobody() {
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA, Service.MAIL), Set.of("north"), Set.of());
        requests.readValuesToList();
        receipts.readValuesToList();

        outage(OutageStatus.UPDATED, 2, Set.of(Service.DATA, Service.MAIL), Set.of("north"), Set.of());

        assertThat(requests.isEmpty()).isTrue();
        assertThat(receipts.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneRemovesTheSubscriberAndMalformedRecordsAreDeadLettered() {
        var subscribersDlt = driver.createOutputTopic(Topics.SUBSCRIBERS.dlt(), new StringDeserializer(), new StringDeserializer());
        var outagesDlt = driver.createOutputTopic(Topics.OUTAGES.dlt(), new StringDeserializer(), new StringDeserializer());
        subscribers.pipeInput("A", (String) null);
        subscribers.pipeInput("X", "{\"subscriberId\":\"X\"}");
        outages.pipeInput("OUT-9", "{\"status\":\"EXPLODED\"}");
        outage(OutageStatus.DETECTED, 1, Set.of(Service.DATA), Set.of("north"), Set.of());

        assertThat(requests.readValuesToList()).extracting(NoticeRequest::subscriberId).containsExactly("C");
        assertThat(reason(subscribersDlt.readRecord().headers())).contains("missing required field");
        assertThat(reason(outagesDlt.readRecord().headers())).contains("unknown value 'EXPLODED' for field 'status'");
    }

    private static String reason(org.apache.kafka.common.header.Headers headers) {
        return new String(headers.lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theLinesAHeldInvoiceNamesAreToldOnceEachOnAChannelTheyHaveAndAnUnknownLineIsRecorded() {
        subscribers.pipeInput("A", NotifierFixtures.onAccount(NotifierFixtures.subscriber("A", "north",
                "447700900001", "a@mail.example", false, EnumSet.allOf(Service.class), Set.of()), "BA-9"));
        subscribers.pipeInput("E", NotifierFixtures.onAccount(NotifierFixtures.subscriber("E", "north", null, null,
                false, EnumSet.allOf(Service.class), Set.of()), "BA-9"));
        subscribers.pipeInput("G", NotifierFixtures.onAccount(NotifierFixtures.subscriber("G", "north",
                "447700900007", "g@mail.example", false, EnumSet.allOf(Service.class), Set.of(),
                new ContactPreferences(NoticeChannel.EMAIL, true)), "BA-9"));
        InvoiceHeld hold = new InvoiceHeld("hold:INV-9", "INV-9", "BA-9", "Invoice total EUR 4123.45 exceeds the"
                + " EUR 200.00 threshold", 412_345, 20_000, "EUR", NotifierFixtures.T0,
                List.of("A", "G", "E", "NOBODY", "A", "B"));
        TestInputTopic<String, String> holds = driver.createInputTopic(Topics.BILLING_INVOICE_HOLDS.name(),
                new StringSerializer(), new StringSerializer());
        holds.pipeInput("BA-9", EventJson.writeString(hold));

        List<NoticeRequest> sent = requests.readValuesToList();
        assertThat(sent).extracting(r -> r.subscriberId() + ":" + r.channel() + ":" + r.address())
                .as("A by SMS; G, who prefers email and opted out of non-critical notices, by email")
                .containsExactlyInAnyOrder("A:SMS:447700900001", "G:EMAIL:g@mail.example");
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(NoticeKind.INVOICE_HOLD);
            assertThat(r.invoice()).isEqualTo(new NoticeRequest.HeldInvoice("INV-9", 412_345, "EUR"));
            assertThat(r.outageId()).isEqualTo("hold:INV-9");
            assertThat(r.stage()).isNull();
        });
        assertThat(sent).extracting(NoticeRequest::noticeId).contains("hold:INV-9:A:SMS");
        assertThat(receipts.readValuesToList()).extracting(r -> r.subscriberId() + ":" + r.state() + ":" + r.kind()
                + ":" + r.detail()).containsExactlyInAnyOrder(
                "E:SUPPRESSED:INVOICE_HOLD:no contact address (neither a mobile number nor an email)",
                "NOBODY:SUPPRESSED:INVOICE_HOLD:the line is not in the notifier's subscriber base",
                "B:SUPPRESSED:INVOICE_HOLD:the line is no longer on the account of the held invoice");

        holds.pipeInput("BA-9", EventJson.writeString(hold));
        assertThat(requests.readValuesToList()).as("a replayed hold tells nobody twice").isEmpty();
        assertThat(receipts.readValuesToList()).isEmpty();
    }

    @Test
    void aReleaseOrAnUnreadableHoldTellsNobodyAndTheUnreadableOneIsDeadLettered() {
        TestInputTopic<String, String> holds = driver.createInputTopic(Topics.BILLING_INVOICE_HOLDS.name(),
                new StringSerializer(), new StringSerializer());
        holds.pipeInput("BA-9", EventJson.writeString(new InvoiceReleased("hold:INV-9", "INV-9", "BA-9", 8_900,
                412_345, "EUR", true, "care-1", "wrong roaming tariff", NotifierFixtures.T0)));
        holds.pipeInput("BA-9", "{\"event\":\"HELD\",\"holdId\":\"hold:INV-10\"}");

        assertThat(requests.readValuesToList()).isEmpty();
        assertThat(receipts.readValuesToList()).isEmpty();
        assertThat(driver.createOutputTopic(Topics.BILLING_INVOICE_HOLDS.dlt(), new StringDeserializer(),
                new StringDeserializer()).readValuesToList()).hasSize(1);
    }

    @Test
    void subTopologiesKeepTheIdsOfEarlierVersionsSoTasksKeepTheirState() {
        StreamsBuilder builder = new StreamsBuilder();
        NotifierTopology.build(builder, "/test", NotifierMetrics.NONE);
        var subtopologies = builder.build().describe().subtopologies();
        assertThat(subtopologies).filteredOn(s -> s.nodes().stream().anyMatch(n -> n.name().equals("fan-out-notices")))
                .singleElement().satisfies(s -> assertThat(s.id()).isZero());
        assertThat(subtopologies).filteredOn(s -> s.nodes().stream().anyMatch(n -> n.name().equals("read-outages.v1")))
                .singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(1));
        assertThat(subtopologies).filteredOn(s -> s.nodes().stream()
                .anyMatch(n -> n.name().equals(NotifierTopology.HOLDS_SOURCE)))
                .singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(2));
    }

    @Test
    void aNoticeBatchGoesToThePartitionOfTheTaskThatDecidedIt() {
        var partitioner = new NotifierTopology.TaskPartitioner<String>();
        assertThat(partitioner.partitions("t", "4", "batch", 6)).contains(Set.of(4));
        assertThat(partitioner.partitions("t", "7", "batch", 6)).as("modulo a smaller topic").contains(Set.of(1));
    }

    private void subscriber(String id, String region, String msisdn, String email, boolean vulnerable,
                            Set<Service> services, Set<String> platforms) {
        subscribers.pipeInput(id, NotifierFixtures.subscriber(id, region, msisdn, email, vulnerable, services,
                platforms));
    }

    private void outage(OutageStatus status, long version, Set<Service> services, Set<String> regions,
                        Set<String> elements) {
        outages.pipeInput(NotifierFixtures.OUTAGE_ID, NotifierFixtures.outage(status, version, services, regions,
                elements));
    }
}
