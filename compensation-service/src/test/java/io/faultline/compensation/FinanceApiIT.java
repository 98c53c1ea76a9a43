package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.OutageDetected;
import io.faultline.common.events.OutageResolved;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.compensation.finance.CreditCsv;
import io.faultline.compensation.finance.FinanceController;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The finance and care API over real HTTP basic, against the real broker and PostgreSQL, with an approval threshold
 * of GBP 5: the liability of an open outage "if it ended now", a resolution that waits for approval, an approval
 * that grants each credit once however often it is given, a rejection that grants nothing, the CSV export, and who
 * may call what.
 */
@SpringBootTest(classes = CompensationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class FinanceApiIT extends CompensationItSupport {

    private static final int SUBSCRIBERS = 600;
    // The broker is shared with the other integration tests, whose subscribers, outages and credits this service
    // also reads: this test's regions are its own, and it looks only at its own outages.
    private static final String LONDON = "fin-london";
    private static final String LEEDS = "fin-leeds";
    private static final String LONDON_OUTAGE = "OUT-FIN-LONDON";
    private static final String LEEDS_OUTAGE = "OUT-FIN-LEEDS";
    private static final String FINANCE = "finance-it:s3cret";
    private static final String CARE = "care-it:helpful";
    private static final List<Subscriber> BASE = base();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.createDatabase("finance_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("spring.kafka.consumer.group-id", () -> "finance-it-subscribers");
        registry.add("faultline.compensation.grant.group-id", () -> "finance-it-outages");
        registry.add("faultline.compensation.outbox.transactional-id", () -> "finance-it-credits");
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.approval.thresholds", () -> "GBP 5");
        registry.add("faultline.compensation.approval.interval", () -> "1h");
        registry.add("faultline.compensation.finance.users[0].username", () -> "finance-it");
        registry.add("faultline.compensation.finance.users[0].password", () -> "{noop}s3cret");
        registry.add("faultline.compensation.finance.users[0].roles[0]", () -> "FINANCE");
        registry.add("faultline.compensation.finance.users[1].username", () -> "care-it");
        registry.add("faultline.compensation.finance.users[1].password", () -> "helpful");
        registry.add("faultline.compensation.finance.users[1].roles[0]", () -> "CARE");
    }

    @Test
    @Order(1)
    void theLiabilityOfAnOpenOutageIsWhatItWouldCostIfItEndedNow() throws Exception {
        publishSubscribers(BASE);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber") >= SUBSCRIBERS);
        OutageSnapshot open = outage(LONDON_OUTAGE, 1, Set.of(LONDON), Set.of(), null);
        send(Topics.OUTAGES.name(), LONDON_OUTAGE, new OutageDetected(OUTAGE_START.plusSeconds(600), open));
        await().atMost(WAIT).until(() -> get("/api/finance/outages/" + LONDON_OUTAGE + "/liability", FINANCE)
                .statusCode() == 200);

        JsonNode answer = json(get("/api/finance/outages/" + LONDON_OUTAGE + "/liability", FINANCE));
        Map<String, Long> expected = expectedCredits(BASE, Set.of(LONDON), Set.of());
        assertThat(answer.path("open").asBoolean()).isTrue();
        JsonNode liability = answer.path("liability");
        assertThat(liability.path("credits").asLong()).isEqualTo(expected.size());
        assertThat(liability.path("totalMinorByCurrency").path("GBP").asLong()).isEqualTo(sum(expected));
        assertThat(liability.path("byBrand")).hasSize(1);
        assertThat(liability.path("byBrand").path(0).path("brand").asString()).isEqualTo("meridian");
        assertThat(liability.path("examples")).hasSize(5);
        assertThat(liability.path("examples").path(0).path("formula").asString()).contains(" x 2 / 31 (ACTUAL) = ");
        assertThat(answer.path("booked").path("credits").asLong()).isZero();
        assertThat(creditsOf(LONDON_OUTAGE)).isEmpty();
    }

    @Test
    @Order(2)
    void aResolutionAboveTheThresholdWaitsAndAnApprovalGivenTwiceGrantsEachCreditOnce() throws Exception {
        OutageSnapshot open = outage(LONDON_OUTAGE, 1, Set.of(LONDON), Set.of(), null);
        send(Topics.OUTAGES.name(), LONDON_OUTAGE, resolved(open.next(OUTAGE_START.plusSeconds(86_400))));
        await().atMost(WAIT).until(() -> pendingApproval(LONDON_OUTAGE) != null);
        JsonNode pending = pendingApproval(LONDON_OUTAGE);
        assertThat(pending.path("status").asString()).isEqualTo("PENDING");
        assertThat(pending.path("why").asString()).contains("is above the approval threshold GBP 5.00");
        assertThat(get("/actuator/prometheus", null).body()).containsPattern(
                "(?m)^faultline_compensation_approvals_pending\\{[^}]*} [1-9]");
        assertThat(creditsOf(LONDON_OUTAGE)).as("nothing is granted before the approval").isEmpty();

        assertThat(pending.path("outageVersion").asLong()).isEqualTo(2);
        String approve = "{\"outageVersion\":2,\"decision\":\"APPROVE\",\"reason\":\"CFO sign-off, ticket FIN-1\"}";
        assertThat(post(LONDON_OUTAGE, approve, null).statusCode()).isEqualTo(401);
        assertThat(post(LONDON_OUTAGE, approve, CARE).statusCode()).isEqualTo(403);
        assertThat(post(LONDON_OUTAGE, "{\"outageVersion\":2,\"decision\":\"APPROVE\"}", FINANCE).statusCode())
                .as("no reason").isEqualTo(400);
        assertThat(post(LONDON_OUTAGE, "{\"decision\":\"APPROVE\",\"reason\":\"ok\"}", FINANCE).statusCode())
                .as("no version").isEqualTo(400);
        assertThat(post(LONDON_OUTAGE, "{\"outageVersion\":1,\"decision\":\"APPROVE\",\"reason\":\"ok\"}",
                FINANCE).statusCode()).as("a version that never waited").isEqualTo(404);

        HttpResponse<String> first = post(LONDON_OUTAGE, approve, FINANCE);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode decision = json(first);
        assertThat(decision.path("decidedBy").asString()).isEqualTo("finance-it");
        assertThat(decision.path("reason").asString()).isEqualTo("CFO sign-off, ticket FIN-1");

        Map<String, Long> expected = expectedCredits(BASE, Set.of(LONDON), Set.of());
        await().atMost(WAIT).until(() -> creditsOf(LONDON_OUTAGE).size() == expected.size());
        await().atMost(WAIT).until(() -> json(get("/api/finance/outages/" + LONDON_OUTAGE + "/liability", FINANCE))
                .path("approval").path("status").asString().equals("GRANTED"));
        HttpResponse<String> again = post(LONDON_OUTAGE, approve, FINANCE);
        assertThat(again.statusCode()).as("approving again answers the recorded decision").isEqualTo(200);
        assertThat(json(again).path("decidedAt").asString()).isEqualTo(decision.path("decidedAt").asString());
        assertThat(post(LONDON_OUTAGE, "{\"outageVersion\":2,\"decision\":\"REJECT\",\"reason\":\"too late\"}",
                FINANCE).statusCode()).isEqualTo(409);
        replayAndAwait(LONDON_OUTAGE, resolved(open.next(OUTAGE_START.plusSeconds(86_400))));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM credit_outbox WHERE published_at IS NULL") == 0);
        assertThat(creditsOf(LONDON_OUTAGE)).isEqualTo(expected);
        assertThat(readAll(Topics.CREDITS.name()).stream()
                .map(record -> EventJson.read(record.value(), CreditGranted.class))
                .filter(credit -> credit.outageId().equals(LONDON_OUTAGE))).hasSize(expected.size());
        JsonNode booked = json(get("/api/finance/outages/" + LONDON_OUTAGE + "/liability", FINANCE)).path("booked");
        assertThat(booked.path("credits").asLong()).isEqualTo(expected.size());
        assertThat(booked.path("totalMinorByCurrency").path("GBP").asLong()).isEqualTo(sum(expected));
    }

    @Test
    @Order(3)
    void financeExportsAnOutagesCreditsAsCsvAndCareReadsASubscribersCredits() throws Exception {
        Map<String, Long> expected = expectedCredits(BASE, Set.of(LONDON), Set.of());
        HttpResponse<String> csv = get("/api/finance/outages/" + LONDON_OUTAGE + "/credits.csv", FINANCE);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/csv"));
        assertThat(csv.headers().firstValue(FinanceController.CREDIT_COUNT_HEADER))
                .hasValue(Integer.toString(expected.size()));
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"credits-" + LONDON_OUTAGE + ".csv\"");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo(CreditCsv.HEADER);
        Map<String, Long> exported = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            exported.put(fields[3], Long.parseLong(fields[6]));
            assertThat(fields[8]).isEqualTo("GBP");
            assertThat(fields[12]).isEqualTo("true");
        }
        assertThat(exported).isEqualTo(expected);

        String subscriber = expected.keySet().iterator().next();
        HttpResponse<String> care = get("/api/finance/subscribers/" + subscriber + "/credits", CARE);
        assertThat(care.statusCode()).isEqualTo(200);
        assertThat(json(care)).hasSize(1);
        assertThat(json(care).path(0).path("amountMinor").asLong()).isEqualTo(expected.get(subscriber));
        assertThat(json(care).path(0).path("formula").asString()).contains("airtime");
        assertThat(get("/api/finance/outages/" + LONDON_OUTAGE + "/credits.csv", CARE).statusCode()).isEqualTo(403);
        assertThat(get("/api/finance/outages/" + LONDON_OUTAGE + "/liability", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/finance/outages/NO-SUCH/liability", FINANCE).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aRejectedGrantCreditsNobody() throws Exception {
        OutageSnapshot leeds = outage(LEEDS_OUTAGE, 1, Set.of(LEEDS), Set.of(), null);
        send(Topics.OUTAGES.name(), LEEDS_OUTAGE, resolved(leeds.next(OUTAGE_START.plusSeconds(7_200))));
        await().atMost(WAIT).until(() -> pendingApproval(LEEDS_OUTAGE) != null);

        HttpResponse<String> rejected = post(LEEDS_OUTAGE,
                "{\"outageVersion\":2,\"decision\":\"REJECT\",\"reason\":\"covered by the regulator's scheme\"}",
                FINANCE);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(json(rejected).path("status").asString()).isEqualTo("REJECTED");
        assertThat(post(LEEDS_OUTAGE, "{\"outageVersion\":2,\"decision\":\"APPROVE\",\"reason\":\"changed my mind\"}",
                FINANCE).statusCode()).isEqualTo(409);
        replayAndAwait(LEEDS_OUTAGE, resolved(leeds.next(OUTAGE_START.plusSeconds(7_200))));
        assertThat(creditsOf(LEEDS_OUTAGE)).isEmpty();
        assertThat(pendingApproval(LEEDS_OUTAGE)).isNull();
    }

    /** Sends a resolution again and waits until the service has handled it (it remembers every event it handles). */
    private void replayAndAwait(String outageId, OutageResolved resolution) throws Exception {
        String before = jdbc.queryForObject("SELECT updated_at::text FROM outage WHERE outage_id = ?", String.class,
                outageId);
        send(Topics.OUTAGES.name(), outageId, resolution);
        await().atMost(WAIT).until(() -> !before.equals(jdbc.queryForObject(
                "SELECT updated_at::text FROM outage WHERE outage_id = ?", String.class, outageId)));
    }

    /** The pending approval of an outage in {@code GET /api/finance/approvals}, or null. */
    private JsonNode pendingApproval(String outageId) throws Exception {
        for (JsonNode approval : json(get("/api/finance/approvals", FINANCE))) {
            if (approval.path("outageId").asString().equals(outageId)) {
                return approval;
            }
        }
        return null;
    }

    /** Half the base in London, half in Leeds. */
    private static List<Subscriber> base() {
        List<Subscriber> base = new ArrayList<>();
        for (int i = 1; i <= SUBSCRIBERS; i++) {
            base.add(subscriber("FIN-%04d".formatted(i), i, i % 2 == 0 ? LONDON : LEEDS, Set.of(),
                    "ACC-FIN-" + i, false));
        }
        return base;
    }

    private static long sum(Map<String, Long> credits) {
        return credits.values().stream().mapToLong(Long::longValue).sum();
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        return call(request(port, path, credentials).GET().build());
    }

    private HttpResponse<String> post(String outageId, String body, String credentials) throws Exception {
        return call(request(port, "/api/finance/outages/" + outageId + "/approval", credentials)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    }
}
