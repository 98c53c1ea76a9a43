package io.faultline.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.Evidence;
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
import io.faultline.common.topics.Topics;
import io.faultline.notifier.NotifierServers;
import io.faultline.testsupport.KafkaBroker;
import io.faultline.testsupport.ReceivedSms;
import io.faultline.testsupport.SmscSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole notifier (fan-out, delivery, SMPP) against a real broker, SMSC simulator and mail server, on an outage
 * resolved while its DETECTED notices are still queued behind the TPS cap: the notices not yet sent are recorded
 * as SUPPRESSED, superseded, and never follow the resolution; every customer is told it is resolved, once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class LateResolutionIT {

    private static final int SUBSCRIBERS = 24;
    private static final String REGION = "late-resolution";
    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");
    private static NotifierServers servers;
    private static KafkaBroker broker;
    private static SmscSimulator smsc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        servers = NotifierServers.start("latepass");
        broker = servers.broker();
        smsc = servers.smsc();
        servers.register(registry, 2);
        registry.add("faultline.notifier.sms.tps", () -> "4");
        registry.add("faultline.notifier.senders", () -> "2");
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void queuedNoticesOfTheStartAreSupersededByTheResolutionAndEveryoneIsToldItEndedOnce() throws Exception {
        for (int i = 0; i < SUBSCRIBERS; i++) {
            servers.publish(Topics.SUBSCRIBERS.name(), "LATE-" + i, subscriber(i));
        }
        servers.awaitSubscribersRead();

        String outageId = "OUT-LATE-1";
        servers.publish(Topics.OUTAGES.name(), outageId, event(outageId, OutageStatus.DETECTED, 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> !firstParts().isEmpty());
        servers.publish(Topics.OUTAGES.name(), outageId, event(outageId, OutageStatus.RESOLVED, 2));

        await().atMost(Duration.ofSeconds(90)).until(() -> firstParts().stream()
                .filter(sms -> sms.text().contains("working again")).count() == SUBSCRIBERS);
        List<NoticeReceipt> receipts = await().atMost(Duration.ofSeconds(30)).until(servers::receipts,
                all -> noticesOf(all, OutageStatus.DETECTED) == SUBSCRIBERS
                        && noticesOf(all, OutageStatus.RESOLVED) == SUBSCRIBERS);

        Map<String, List<ReceivedSms>> byHandset = firstParts().stream()
                .collect(Collectors.groupingBy(ReceivedSms::destinationAddr));
        assertThat(byHandset).hasSize(SUBSCRIBERS);
        long detectedSent = 0;
        for (List<ReceivedSms> handset : byHandset.values()) {
            assertThat(handset).filteredOn(sms -> sms.text().contains("working again")).hasSize(1);
            assertThat(handset.getLast().text()).as("nothing follows the resolution").contains("working again");
            detectedSent += handset.stream().filter(sms -> sms.text().contains("not working")).count();
        }
        List<NoticeReceipt> superseded = receipts.stream()
                .filter(r -> r.stage() == OutageStatus.DETECTED && r.state() == NoticeState.SUPPRESSED).toList();
        assertThat(superseded).isNotEmpty().allMatch(r -> r.detail().equals("superseded by RESOLVED v2"));
        assertThat(detectedSent + superseded.size()).isEqualTo(SUBSCRIBERS);
    }

    /** Distinct notices of the stage with a final outcome: sent (ACCEPTED) or not (SUPPRESSED). */
    private static long noticesOf(List<NoticeReceipt> receipts, OutageStatus stage) {
        return receipts.stream().filter(r -> r.stage() == stage)
                .filter(r -> r.state() == NoticeState.ACCEPTED || r.state() == NoticeState.SUPPRESSED)
                .map(NoticeReceipt::noticeId).distinct().count();
    }

    private List<ReceivedSms> firstParts() {
        return smsc.received().stream().filter(sms -> !sms.hasUdh() || sms.shortMessage()[5] == 1).toList();
    }


    private static Subscriber subscriber(int i) {
        Plan plan = new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                Set.of(Service.DATA, Service.VOICE, Service.SMS), false);
        return new Subscriber("LATE-" + i, String.format("4477009%05d", i), null, "en", "meridian", "ACC-LATE-" + i,
                "consumer", plan, REGION, Set.of(), ContactPreferences.DEFAULT, false, T0);
    }

    private static OutageEvent event(String outageId, OutageStatus status, long version) {
        Instant end = status == OutageStatus.RESOLVED ? Instant.now() : null;
        OutageSnapshot snapshot = new OutageSnapshot(outageId, version, "Mobile data unavailable", OutageSeverity.MAJOR,
                new OutageScope(Set.of(Service.DATA), Set.of(REGION), Set.of()), Instant.now().minusSeconds(600),
                Instant.now(), end, new Evidence(List.of("ALM-LATE"), 0, 0, 0.9), SUBSCRIBERS, null);
        return OutageEvent.of(status, end == null ? Instant.now() : end, snapshot);
    }
}
