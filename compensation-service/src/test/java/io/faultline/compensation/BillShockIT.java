package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.events.InvoiceReleased;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.compensation.subscribers.SubscriberStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bill-shock guard against the real broker and PostgreSQL: invoices from {@code billing.invoices.v1} held for
 * their segment's threshold or against the account's own history, holds on {@code billing.invoice-holds.v1} once
 * however often an invoice is replayed, releases over real HTTP basic (as they were or adjusted), and a malformed
 * invoice dead-lettered.
 */
@SpringBootTest(classes = CompensationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class BillShockIT extends CompensationItSupport {

    private static final String CARE = "care-bs:helpful";
    private static final String USUAL = "ACC-BS-USUAL";
    private static final String BUSINESS = "ACC-BS-PRO";

    @LocalServerPort
    private int port;

    @Autowired
    private SubscriberStore subscriberStore;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.createDatabase("bill_shock_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("spring.kafka.consumer.group-id", () -> "bill-shock-it-subscribers");
        registry.add("faultline.compensation.grant.group-id", () -> "bill-shock-it-outages");
        registry.add("faultline.compensation.bill-shock.group-id", () -> "bill-shock-it-invoices");
        registry.add("faultline.compensation.outbox.transactional-id", () -> "bill-shock-it-credits");
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.finance.users[0].username", () -> "care-bs");
        registry.add("faultline.compensation.finance.users[0].password", () -> "helpful");
        registry.add("faultline.compensation.finance.users[0].roles[0]", () -> "CARE");
    }

    @Test
    @Order(1)
    void invoicesAboveTheSegmentThresholdOrFarAboveTheAccountsHistoryAreHeldOnce() throws Exception {
        // stored as the subscriber listener stores them, not published: the other ITs share subscribers.v1
        Map<String, Subscriber> lines = new LinkedHashMap<>();
        for (int i : new int[] {4, 1, 3, 2}) {
            lines.put("S-BS-PRO-" + i, subscriber("S-BS-PRO-" + i, i, "paris", Set.of(), BUSINESS, false));
        }
        subscriberStore.apply(lines);
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-1", USUAL, "consumer", 4_000, 1));
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-2", USUAL, "consumer", 4_500, 2));
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-3", USUAL, "consumer", 5_000, 3));
        awaitChecked("INV-BS-3");
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-4", USUAL, "consumer", 41_000, 4));
        send(Topics.BILLING_INVOICES.name(), BUSINESS, invoice("INV-BS-PRO-1", BUSINESS, "business-mobile-data",
                412_345, 4));
        send(Topics.BILLING_INVOICES.name(), BUSINESS, invoice("INV-BS-PRO-2", BUSINESS, "business-mobile-data",
                15_000, 5));
        awaitChecked("INV-BS-PRO-2");
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-4", USUAL, "consumer", 41_000, 4));
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-5", USUAL, "consumer", 4_200, 5));
        awaitChecked("INV-BS-5");

        List<InvoiceHoldEvent> holds = awaitHoldEvents(2);
        assertThat(holds).hasSize(2).allMatch(InvoiceHeld.class::isInstance);
        InvoiceHeld usual = (InvoiceHeld) holds.stream().filter(h -> h.subject().equals(USUAL)).findFirst()
                .orElseThrow();
        assertThat(usual.invoiceId()).isEqualTo("INV-BS-4");
        assertThat(usual.reason()).isEqualTo("Invoice total EUR 410.00 is more than 3 times the median EUR 45.00 of"
                + " the account's last 3 invoices: contact the customer before sending");
        InvoiceHeld business = (InvoiceHeld) holds.stream().filter(h -> h.subject().equals(BUSINESS)).findFirst()
                .orElseThrow();
        assertThat(business.holdId()).isEqualTo("hold:INV-BS-PRO-1");
        assertThat(business.thresholdMinor()).isEqualTo(20_000);
        assertThat(business.contactLines()).as("the account's first lines, at most 3, for the notifier to tell")
                .containsExactly("S-BS-PRO-1", "S-BS-PRO-2", "S-BS-PRO-3");
        assertThat(usual.contactLines()).as("no line of the account is known").isEmpty();
        assertThat(count("SELECT count(*) FROM invoice WHERE status = 'CLEARED'")).isEqualTo(5);
        assertThat(get("/actuator/prometheus", null).body()).contains("faultline_invoices_held{application=\"")
                .containsPattern("faultline_invoices_checked_total\\{[^}]*outcome=\"held\"[^}]*} 2.0")
                .containsPattern("faultline_invoices_held_uncontactable_total\\{[^}]*} 1.0");
    }

    @Test
    @Order(2)
    void careReleasesAHeldInvoiceAdjustedOnceAndBillingIsTold() throws Exception {
        assertThat(get("/api/finance/invoice-holds", null).statusCode()).isEqualTo(401);
        HttpResponse<String> held = get("/api/finance/invoice-holds", CARE);
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(EventJson.readTree(held.body().getBytes(StandardCharsets.UTF_8))).hasSize(2);

        String adjust = "{\"reason\":\"Roaming data billed at the wrong tariff; agreed EUR 99.00\",\"amountMinor\":9900}";
        assertThat(release("INV-BS-PRO-1", "{\"amountMinor\":9900}").statusCode()).isEqualTo(400);
        assertThat(release("INV-BS-PRO-1", "{\"reason\":\"more\",\"amountMinor\":412346}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> released = release("INV-BS-PRO-1", adjust);
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(release("INV-BS-PRO-1", adjust).statusCode()).as("the same release again").isEqualTo(200);
        assertThat(release("INV-BS-PRO-1", "{\"reason\":\"other\",\"amountMinor\":100}").statusCode())
                .isEqualTo(409);
        assertThat(release("INV-BS-2", "{\"reason\":\"not held\"}").statusCode()).isEqualTo(409);
        assertThat(release("INV-NOPE", "{\"reason\":\"unknown\"}").statusCode()).isEqualTo(404);
        assertThat(release("INV-BS-4", "{\"reason\":\"customer confirmed the usage\"}").statusCode()).isEqualTo(200);

        List<InvoiceHoldEvent> events = awaitHoldEvents(4);
        List<InvoiceReleased> releases = events.stream().filter(InvoiceReleased.class::isInstance)
                .map(InvoiceReleased.class::cast).toList();
        assertThat(releases).hasSize(2);
        InvoiceReleased adjusted = releases.stream().filter(r -> r.invoiceId().equals("INV-BS-PRO-1")).findFirst()
                .orElseThrow();
        assertThat(adjusted.adjusted()).isTrue();
        assertThat(adjusted.amountMinor()).isEqualTo(9_900);
        assertThat(adjusted.heldAmountMinor()).isEqualTo(412_345);
        assertThat(adjusted.releasedBy()).isEqualTo("care-bs");
        InvoiceReleased asItWas = releases.stream().filter(r -> r.invoiceId().equals("INV-BS-4")).findFirst()
                .orElseThrow();
        assertThat(asItWas.adjusted()).isFalse();
        assertThat(asItWas.amountMinor()).isEqualTo(41_000);
        assertThat(EventJson.readTree(get("/api/finance/invoice-holds", CARE).body()
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    @Order(3)
    void aMalformedInvoiceGoesToItsDeadLetterTopicAndTheNextIsChecked() throws Exception {
        producer.send(new ProducerRecord<>(Topics.BILLING_INVOICES.name(), "ACC-BS-BAD",
                "{\"invoiceId\":\"INV-BS-BAD\"}".getBytes(StandardCharsets.UTF_8))).get();
        send(Topics.BILLING_INVOICES.name(), USUAL, invoice("INV-BS-6", USUAL, "consumer", 4_100, 6));
        awaitChecked("INV-BS-6");
        await().atMost(WAIT).until(() -> readAll(Topics.BILLING_INVOICES.dlt()).stream()
                .anyMatch(record -> "ACC-BS-BAD".equals(record.key())));
    }

    private void awaitChecked(String invoiceId) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM invoice WHERE invoice_id = '" + invoiceId
                + "'") == 1);
    }

    private static List<InvoiceHoldEvent> awaitHoldEvents(int count) {
        await().atMost(WAIT).until(() -> holdEvents().size() >= count);
        return holdEvents();
    }

    private static List<InvoiceHoldEvent> holdEvents() {
        return readAll(Topics.BILLING_INVOICE_HOLDS.name()).stream()
                .filter(record -> record.key().startsWith("ACC-BS-"))
                .map(BillShockIT::holdEvent).toList();
    }

    private static InvoiceHoldEvent holdEvent(ConsumerRecord<String, byte[]> record) {
        InvoiceHoldEvent event = EventJson.read(record.value(), InvoiceHoldEvent.class);
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(event.eventId());
        assertThat(record.key()).isEqualTo(event.subject());
        return event;
    }

    private static Invoice invoice(String id, String account, String segment, long amountMinor, int month) {
        LocalDate start = LocalDate.of(2012, month, 1);
        return new Invoice(id, account, segment, amountMinor, "EUR", start, start.plusMonths(1).minusDays(1),
                Instant.parse("2012-%02d-02T06:00:00Z".formatted(month + 1)));
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        return call(request(port, path, credentials).GET().build());
    }

    private HttpResponse<String> release(String invoiceId, String body) throws Exception {
        return call(request(port, "/api/finance/invoice-holds/" + invoiceId + "/release", CARE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
