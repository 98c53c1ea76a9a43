package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kill -9} of the compensation service at random points of a grant over 100,000 subscribers, three times,
 * each time restarted on the same database and broker: the ledger and {@code credits.v1} (read_committed) end with
 * exactly one credit per eligible subscriber, no more, no fewer. The kill points are drawn from a progress measure
 * that runs through the grant (credits booked) and the relay (credits marked published), so kills land while pages
 * are booked, while batches are in a Kafka transaction, and between the broker's commit and the database's. The
 * seed and the points are printed; FAULTLINE_CRASH_SEED replays a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompensationCrashIT {

    private static final int SUBSCRIBERS = 100_000;
    private static final int KILLS = 3;
    private static final String REGION = "crash-region";
    private static final String OUTAGE_ID = "OUT-CRASH-COMP-1";
    private static final String COMPENSATION = "compensation-service";

    private Sandbox sandbox;
    private SystemObserver observer;

    @BeforeAll
    void startInfrastructureAndCompensation() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path work = Files.createTempDirectory("faultline-compensation-crash");
        sandbox = new Sandbox(new Sandbox.Options(root, work, 0, 0, 0, 0,
                Map.of("FAULTLINE_COMPENSATION_GRANT_PAGE_SIZE", "2000",
                        "FAULTLINE_COMPENSATION_OUTBOX_BATCH_SIZE", "1000")));
        sandbox.startInfrastructure();
        sandbox.startService(COMPENSATION, FreePorts.find()).awaitReady(Duration.ofMinutes(3));
        observer = new SystemObserver(sandbox.bootstrapServers(), true);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void killingTheServiceMidGrantLeavesExactlyOneCreditPerEligibleSubscriber() throws Exception {
        // Recent times: the sandbox's topics keep records 7 days by their timestamps, which are the events' times.
        Instant outageStart = Instant.now().minus(Duration.ofHours(21));
        Instant since = outageStart.minus(Duration.ofDays(30));
        Set<String> eligible = new HashSet<>();
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/test/crm")) {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Subscriber subscriber = subscriber(i, since);
                publisher.publish(subscriber);
                if (subscriber.plan().type() == PlanType.PAY_MONTHLY) {
                    eligible.add(subscriber.subscriberId());
                }
            }
            publisher.flush();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM subscriber") == SUBSCRIBERS);

        long seed = Long.parseLong(System.getenv().getOrDefault("FAULTLINE_CRASH_SEED",
                String.valueOf(System.nanoTime())));
        long[] killAt = killPoints(new Random(seed), 2L * eligible.size());
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/test/noc")) {
            for (OutageEvent event : detectedThenResolved(outageStart)) {
                publisher.publish(event);
            }
            publisher.flush();
        }

        List<String> kills = new ArrayList<>();
        for (long target : killAt) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> progress() >= target);
            ServiceProcess compensation = sandbox.service(COMPENSATION);
            compensation.kill();
            kills.add("booked %d, published %d".formatted(count("SELECT count(*) FROM credit"),
                    count("SELECT count(*) FROM credit_outbox WHERE published_at IS NOT NULL")));
            sandbox.startService(COMPENSATION, compensation.port()).awaitReady(Duration.ofMinutes(2));
        }

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM credit") == eligible.size()
                        && count("SELECT count(*) FROM credit_outbox WHERE published_at IS NULL") == 0);
        observer.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(1));
        System.out.printf("CompensationCrashIT: seed %d, %d subscribers, %d eligible, killed at %s; runs: %s%n", seed,
                SUBSCRIBERS, eligible.size(), kills, runs());

        Set<String> ledgerSubscribers = new HashSet<>(strings("SELECT subscriber_id FROM credit WHERE outage_id = '"
                + OUTAGE_ID + "'"));
        assertThat(ledgerSubscribers).as("the ledger: one credit per eligible subscriber").isEqualTo(eligible);
        List<CreditGranted> published = observer.creditEvents();
        Map<String, Long> perCredit = published.stream()
                .collect(Collectors.groupingBy(CreditGranted::creditId, Collectors.counting()));
        assertThat(perCredit.values()).as("credits.v1: no credit twice").allMatch(n -> n == 1);
        assertThat(published).as("credits.v1: one credit per eligible subscriber").hasSize(eligible.size());
        assertThat(published.stream().map(CreditGranted::subscriberId).collect(Collectors.toSet()))
                .isEqualTo(eligible);
        assertThat(perCredit.keySet()).isEqualTo(new HashSet<>(strings("SELECT credit_id::text FROM credit")));
        long twoDaysOfAirtime = BigDecimal.valueOf(2 * 1300).divide(BigDecimal.valueOf(
                YearMonth.from(outageStart.atZone(ZoneOffset.UTC)).lengthOfMonth()), 0, RoundingMode.HALF_UP)
                .longValueExact();
        assertThat(published).allMatch(credit -> credit.amountMinor() == twoDaysOfAirtime,
                "2 days of GBP 13 airtime over the days of the outage's month: " + twoDaysOfAirtime);
        assertThat(strings("SELECT status FROM outage_compensation ORDER BY run_id DESC LIMIT 1"))
                .containsExactly("COMPLETED");
        assertThat(strings("SELECT status FROM outage_compensation WHERE status <> 'COMPLETED'"))
                .as("every interrupted run is marked abandoned by the run that took over").allMatch("FAILED"::equals);
    }

    /** Kill points spread over progress (booked + published, up to twice the eligible count), each in its third. */
    private static long[] killPoints(Random random, long fullProgress) {
        long[] points = new long[KILLS];
        for (int k = 0; k < KILLS; k++) {
            double low = 0.05 + 0.9 * k / KILLS;
            double high = 0.05 + 0.9 * (k + 1) / KILLS;
            points[k] = (long) (fullProgress * (low + random.nextDouble() * (high - low)));
        }
        return points;
    }

    private long progress() throws SQLException {
        return count("SELECT (SELECT count(*) FROM credit)"
                + " + (SELECT count(*) FROM credit_outbox WHERE published_at IS NOT NULL)");
    }

    private String runs() throws SQLException {
        return String.join("; ", strings("SELECT status || ' ' || coalesce(detail, '') FROM outage_compensation"
                + " ORDER BY run_id"));
    }

    private long count(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(sandbox.jdbcUrl(), sandbox.postgres().username(),
                sandbox.postgres().password());
    }

    /** Every tenth line is pay-as-you-go, which the service's default policy (pay-monthly airtime) does not pay. */
    private static Subscriber subscriber(int i, Instant since) {
        PlanType type = i % 10 == 0 ? PlanType.PAY_AS_YOU_GO : PlanType.PAY_MONTHLY;
        List<ChargeComponent> charges = type == PlanType.PAY_MONTHLY
                ? List.of(new ChargeComponent("airtime", 1300), new ChargeComponent("handset", 2500)) : List.of();
        Plan plan = new Plan(type == PlanType.PAY_MONTHLY ? "PM" : "PAYG", type, "GBP", charges,
                Set.of(Service.DATA, Service.VOICE, Service.SMS), false);
        return new Subscriber("COMP-CRASH-%06d".formatted(i), "447800%06d".formatted(i), null, "en", "meridian",
                "ACC-COMP-CRASH-" + i, "consumer", plan, REGION, Set.of(), ContactPreferences.DEFAULT, false, since);
    }

    private static List<OutageEvent> detectedThenResolved(Instant startedAt) {
        OutageSnapshot detected = new OutageSnapshot(OUTAGE_ID, 1, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), Set.of(REGION), Set.of()), startedAt, startedAt, null,
                new Evidence(List.of("ALM-CRASH"), 0, 0, 0.9), SUBSCRIBERS, null);
        Instant endedAt = startedAt.plus(Duration.ofHours(20)); // the ACTUAL day count uses the month of the start
        return List.of(OutageEvent.of(OutageStatus.DETECTED, startedAt, detected),
                OutageEvent.of(OutageStatus.RESOLVED, endedAt, detected.next(endedAt)));
    }
}
