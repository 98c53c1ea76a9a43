package io.faultline.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.NotifierServers;
import io.faultline.testsupport.ReceivedSms;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
 * The notifier's side of the bill-shock guard against a real broker and SMSC simulator: a hold published on
 * billing.invoice-holds.v1 (by compensation) reaches each line it names, whatever partition the line is on, by
 * SMS with the invoice's total in the customer's language; the receipts say what they are about.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class InvoiceHoldNoticeIT {

    private static final Instant T0 = Instant.parse("2012-11-02T06:00:03Z");
    private static NotifierServers servers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        servers = NotifierServers.start("holdpw");
        servers.register(registry, 3);
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private static Subscriber line(String id, String msisdn, String locale) {
        return new Subscriber(id, msisdn, null, locale, "meridian", "BA-PRO-3344", "business-mobile-data",
                new Plan("PRO-DATA", PlanType.PAY_MONTHLY, "EUR", List.of(new ChargeComponent("airtime", 4_500)),
                        Set.of(Service.DATA, Service.VOICE, Service.SMS), false),
                "paris", Set.of(), null, false, T0);
    }

    @Test
    void everyLineAHoldNamesIsToldItsInvoiceIsHeldOnceInItsLanguage() throws Exception {
        List<String> lines = List.of("PRO-01", "PRO-02", "PRO-03");
        servers.publish(Topics.SUBSCRIBERS.name(), "PRO-01", line("PRO-01", "33600000001", "fr"));
        servers.publish(Topics.SUBSCRIBERS.name(), "PRO-02", line("PRO-02", "33600000002", "en"));
        servers.publish(Topics.SUBSCRIBERS.name(), "PRO-03", line("PRO-03", "33600000003", "fr"));
        InvoiceHeld hold = new InvoiceHeld("hold:INV-2012-11-000777", "INV-2012-11-000777", "BA-PRO-3344",
                "Invoice total EUR 4123.45 exceeds the EUR 200.00 bill-shock threshold", 412_345, 20_000, "EUR", T0,
                lines);
        servers.awaitSubscribersRead();
        servers.publish(Topics.BILLING_INVOICE_HOLDS.name(), "BA-PRO-3344", hold);
        servers.publish(Topics.BILLING_INVOICE_HOLDS.name(), "BA-PRO-3344", hold);
        await().atMost(Duration.ofSeconds(60)).until(() -> servers.smsc().receivedDestinations().size() == 3);
        Thread.sleep(3_000); // a second telling of the republished hold would arrive by now

        await().atMost(Duration.ofSeconds(30)).until(() -> servers.receipts().stream()
                .filter(r -> r.state() == NoticeState.ACCEPTED).count() == 3);
        Map<String, List<ReceivedSms>> byHandset = servers.smsc().received().stream()
                .collect(Collectors.groupingBy(ReceivedSms::destinationAddr));
        assertThat(byHandset).containsOnlyKeys("33600000001", "33600000002", "33600000003");
        byHandset.values().forEach(parts -> assertThat(parts.stream().filter(sms -> sms.concatenation()
                .map(part -> part.sequence() == 1).orElse(true)).count())
                .as("told once, however often the hold was published").isEqualTo(1));
        assertThat(text(byHandset.get("33600000002"))).contains("EUR 4,123.45").contains("INV-2012-11-000777");
        assertThat(text(byHandset.get("33600000001"))).contains("4 123,45 EUR").contains("suspendue");
        assertThat(servers.receipts()).filteredOn(r -> r.state() == NoticeState.ACCEPTED).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(NoticeKind.INVOICE_HOLD);
            assertThat(r.outageId()).isEqualTo("hold:INV-2012-11-000777");
            assertThat(r.channel()).isEqualTo(NoticeChannel.SMS);
        });
    }

    /** The text of a concatenated SMS, its parts in order. */
    private static String text(List<ReceivedSms> parts) {
        return parts.stream().sorted(Comparator.comparingInt(sms -> sms.concatenation()
                .map(ReceivedSms.Concatenation::sequence).orElse(1)))
                .map(ReceivedSms::text).collect(Collectors.joining());
    }

}
