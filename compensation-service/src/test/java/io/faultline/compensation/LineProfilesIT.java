package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.grant.ApprovalThresholds;
import io.faultline.compensation.grant.CompensationGrant;
import io.faultline.compensation.grant.GrantApprovals;
import io.faultline.compensation.ledger.CompensationRuns;
import io.faultline.compensation.ledger.CreditLedger;
import io.faultline.compensation.ledger.GrantProfiles;
import io.faultline.compensation.liability.Liability;
import io.faultline.compensation.liability.LiabilityEstimator;
import io.faultline.compensation.liability.LiabilityTally;
import io.faultline.compensation.outbox.OutboxRelay;
import io.faultline.compensation.policy.CompensationPolicy;
import io.faultline.compensation.policy.ComputedCredit;
import io.faultline.compensation.policy.EligibilityCriteria;
import io.faultline.compensation.policy.LineHistory;
import io.faultline.compensation.policy.OutageFacts;
import io.faultline.compensation.policy.PolicyBook;
import io.faultline.compensation.subscribers.SubscriberCatchUp;
import io.faultline.compensation.subscribers.SubscriberStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The liability preview and the grant assess lines alike once (the database groups them into profiles), so they
 * must come to exactly what assessing every line one by one comes to. A varied base (brands, segments, plan types,
 * tariffs, handset charges, unlimited data, services, lines in scope only through an element, lines out of scope,
 * accounts of several lines) is stored in the real PostgreSQL, and each outage is previewed or granted by the service
 * and, independently, worked out by assessing every stored line in the test, under the shipped policies and two of
 * the test's own: one that reads every part of a profile, and one that pays per account.
 */
@SpringBootTest(classes = CompensationApplication.class)
@DirtiesContext
class LineProfilesIT extends CompensationItSupport {

    private static final String NORTH = "pv-north";
    private static final String SOUTH = "pv-south";
    private static final String WEST = "pv-west";
    private static final String ELEMENT = "PV-VM-1";
    private static final Instant O2_DAY = Instant.parse("2018-12-06T04:30:00Z");
    private static final List<Subscriber> BASE = base(4_000);

    @Autowired
    SubscriberStore store;
    @Autowired
    LiabilityEstimator estimator;
    @Autowired
    PolicyBook policies;
    @Autowired
    CompensationGrant grant;
    @Autowired
    ApplicationContext context;
    @Autowired
    PlatformTransactionManager transactionManager;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.createDatabase("preview_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.outbox.enabled", () -> "false");
        registry.add("faultline.compensation.policy-files",
                () -> "classpath:policies/*.yaml,classpath:preview-policies/*.yaml");
    }

    @BeforeAll
    static void noSharedState() {
        assertThat(BASE).extracting(Subscriber::subscriberId).doesNotHaveDuplicates();
    }

    @Test
    void theNationalPreviewIsWhatAssessingEveryLineComesTo() {
        store.apply(byId(BASE));
        OutageSnapshot outage = outage("OUT-PV-NATIONAL", Set.of(Service.DATA, Service.VOICE),
                Set.of(NORTH, SOUTH), Set.of(ELEMENT), Duration.ofHours(20));

        Liability preview = estimator.estimate(outage);
        LiabilityTally expected = lineByLine(outage, preview.computedAt());

        assertThat(count("SELECT count(*) FROM subscriber WHERE profile <> " + SubscriberStore.FINGERPRINT))
                .as("the fingerprint an upsert stores is the one migration V7 computes from the columns").isZero();
        assertThat(preview.credits()).isEqualTo(expected.credits()).isGreaterThan(1_000);
        assertSame(preview, expected);
        assertThat(preview.policies()).extracting(Liability.PolicyLiability::policy)
                .contains("o2-2018-12@1", "preview-tiered@3", "preview-per-account@1");
        assertExamplesAreRealLines(outage, preview);
    }

    @Test
    void aShortOutageInOneRegionAndOnOneElementIsWhatAssessingEveryLineComesTo() {
        store.apply(byId(BASE));
        OutageSnapshot outage = outage("OUT-PV-WEST", Set.of(Service.VOICE), Set.of(WEST), Set.of(ELEMENT),
                Duration.ofHours(5).plusMinutes(10));

        Liability preview = estimator.estimate(outage);
        LiabilityTally expected = lineByLine(outage, preview.computedAt());

        assertThat(preview.credits()).isEqualTo(expected.credits()).isPositive();
        assertSame(preview, expected);
        assertExamplesAreRealLines(outage, preview);
    }

    @Test
    void aGrantBooksExactlyTheCreditsAssessingEveryLineGivesWithTheirIds() {
        store.apply(byId(BASE));
        OutageSnapshot outage = outage("OUT-PV-GRANT", Set.of(Service.DATA, Service.VOICE), Set.of(NORTH, SOUTH),
                Set.of(ELEMENT), Duration.ofHours(20));

        List<CompensationGrant.Result> results = grant.grantAll(outage);

        Map<String, String> expected = creditsLineByLine(outage);
        assertThat(ledger(outage.outageId())).hasSize(expected.size()).isEqualTo(expected);
        assertThat(results.stream().mapToLong(CompensationGrant.Result::creditsBooked).sum())
                .isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM credit_outbox o JOIN credit c USING (credit_id) WHERE c.outage_id = '"
                + outage.outageId() + "' AND o.payload IS NULL")).isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM grant_profile")).isZero();
        assertThat(count("SELECT count(*) FROM credit WHERE outage_id = '" + outage.outageId()
                + "' AND subscriber_id LIKE 'PV-Zo%'")).as("a line id with an accent").isPositive();
    }

    @Test
    void linesWhoseProfileChangedAfterTheRunStartedAreAssessedOnTheirOwn() {
        store.apply(byId(BASE));
        OutageSnapshot outage = outage("OUT-PV-CHANGED", Set.of(Service.DATA, Service.VOICE), Set.of(NORTH, SOUTH),
                Set.of(ELEMENT), Duration.ofHours(20));
        AtomicInteger hidden = new AtomicInteger();
        SubscriberStore forgetful = new SubscriberStore(jdbc) {
            @Override
            public long forEachProfile(EligibilityCriteria criteria, Consumer<LineProfile> profile) {
                return new TransactionTemplate(transactionManager).execute(tx -> super.forEachProfile(criteria, p -> {
                    if (hidden.incrementAndGet() % 3 != 0) {
                        profile.accept(p);
                    }
                }));
            }
        };
        CompensationGrant withStaleProfiles = new CompensationGrant(policies, estimator,
                context.getBean(GrantApprovals.class), context.getBean(ApprovalThresholds.class), forgetful,
                context.getBean(SubscriberCatchUp.class), context.getBean(CreditLedger.class),
                context.getBean(GrantProfiles.class), context.getBean(CompensationRuns.class),
                context.getBean(OutboxRelay.class), new SimpleMeterRegistry(), Clock.systemUTC(), 700,
                Duration.ofMinutes(1));

        withStaleProfiles.grantAll(outage);

        assertThat(hidden.get()).isGreaterThan(100);
        assertThat(ledger(outage.outageId())).isEqualTo(creditsLineByLine(outage));
    }

    /** The ledger's credits of an outage: credit id to line, policy, kind, amount and formula. */
    private Map<String, String> ledger(String outageId) {
        Map<String, String> credits = new TreeMap<>();
        jdbc.query("""
                SELECT credit_id::text, subscriber_id, policy_id, policy_version, kind, amount_minor, currency,
                       trace->>'formula'
                FROM credit WHERE outage_id = ?""", rs -> {
            credits.put(rs.getString(1), String.join("|", rs.getString(2), rs.getString(3) + "@" + rs.getInt(4),
                    rs.getString(5), rs.getLong(6) + " " + rs.getString(7), rs.getString(8)));
        }, outageId);
        return credits;
    }

    /**
     * The credits worked out here, one line at a time in id order: a credit per account goes to the account's first
     * line, as the ledger keeps the first booking of an id.
     */
    private Map<String, String> creditsLineByLine(OutageSnapshot outage) {
        OutageFacts facts = OutageFacts.of(outage, Instant.now(), Set.of());
        List<Subscriber> lines = new ArrayList<>(BASE);
        lines.sort(Comparator.comparing(Subscriber::subscriberId));
        Map<String, String> credits = new TreeMap<>();
        for (CompensationPolicy policy : policies.applicableTo(facts)) {
            EligibilityCriteria criteria = policy.criteria(facts);
            for (Subscriber line : lines) {
                if (candidate(criteria, line)) {
                    policy.assess(facts, line, LineHistory.UNKNOWN).granted().ifPresent(award -> {
                        ComputedCredit credit = ComputedCredit.of(outage.outageId(), line, award);
                        credits.putIfAbsent(credit.creditId().toString(), String.join("|", credit.subscriberId(),
                                credit.policyId() + "@" + credit.policyVersion(), credit.kind().name(),
                                credit.amountMinor() + " " + credit.currency(), credit.trace().formula()));
                    });
                }
            }
        }
        return credits;
    }

    private void assertSame(Liability preview, LiabilityTally expected) {
        assertThat(preview.linesEvaluated()).isEqualTo(expected.linesEvaluated());
        assertThat(preview.totalMinorByCurrency()).isEqualTo(expected.totalMinorByCurrency());
        assertThat(preview.byBrand()).isEqualTo(expected.breakdown());
        assertThat(preview.policies()).isEqualTo(expected.policies());
    }

    /** Every example names a stored line that the example's policy, assessed on that line alone, pays as shown. */
    private void assertExamplesAreRealLines(OutageSnapshot outage, Liability preview) {
        OutageFacts facts = OutageFacts.of(outage, preview.computedAt(), Set.of());
        Map<String, Subscriber> byId = byId(BASE);
        assertThat(preview.examples()).isNotEmpty();
        for (Liability.Example example : preview.examples()) {
            CompensationPolicy policy = policies.policies().stream()
                    .filter(p -> p.key().equals(example.policy())).findFirst().orElseThrow();
            var award = policy.assess(facts, byId.get(example.subscriberId()), LineHistory.UNKNOWN).granted();
            assertThat(award).as(example.toString()).isPresent();
            assertThat(award.get().amountMinor()).isEqualTo(example.amountMinor());
            assertThat(award.get().ruleId()).isEqualTo(example.rule());
            assertThat(award.get().trace().formula()).isEqualTo(example.formula());
        }
    }

    /**
     * The liability worked out here, one line at a time, in id order (so that an account paid per account is paid
     * for its first line, as the ledger does): the candidates of each policy are the stored lines that pass its
     * coarse filter.
     */
    private LiabilityTally lineByLine(OutageSnapshot outage, Instant now) {
        OutageFacts facts = OutageFacts.of(outage, now, Set.of());
        List<Subscriber> lines = new ArrayList<>(BASE);
        lines.sort(Comparator.comparing(Subscriber::subscriberId));
        LiabilityTally tally = new LiabilityTally();
        for (CompensationPolicy policy : policies.applicableTo(facts)) {
            EligibilityCriteria criteria = policy.criteria(facts);
            for (Subscriber line : lines) {
                if (candidate(criteria, line)) {
                    tally.evaluated(1);
                    policy.assess(facts, line, LineHistory.UNKNOWN).granted().ifPresent(a -> tally.add(line, a));
                }
            }
        }
        return tally;
    }

    private static boolean candidate(EligibilityCriteria criteria, Subscriber line) {
        boolean located = criteria.regions().contains(line.homeRegion())
                || !Collections.disjoint(criteria.elements(), line.platforms());
        return located && !Collections.disjoint(criteria.services(), line.plan().services())
                && criteria.planTypes().contains(line.plan().type())
                && (criteria.brands().isEmpty() || criteria.brands().contains(line.brand()));
    }

    private static OutageSnapshot outage(String id, Set<Service> services, Set<String> regions,
                                         Set<String> elements, Duration length) {
        return new OutageSnapshot(id, 4, "Outage", OutageSeverity.CRITICAL, new OutageScope(services, regions,
                elements), O2_DAY, O2_DAY.plusSeconds(300), O2_DAY.plus(length),
                new Evidence(List.of("ALM-1"), 1_000, 10, 0.9), 100_000, "Down");
    }

    /**
     * Lines of every brand the policies name and one they do not, in three regions, a tenth homed on the element,
     * on a few dozen tariffs with and without a handset charge, in GBP and EUR; accounts of one to three lines.
     */
    private static List<Subscriber> base(int count) {
        Random random = new Random(20181206);
        List<String> brands = List.of("o2", "o2", "o2", "sky", "tesco", "meridian");
        List<String> regions = List.of(NORTH, SOUTH, WEST);
        List<Subscriber> base = new ArrayList<>(count);
        int account = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0 || random.nextInt(3) == 0) {
                account++;
            }
            boolean monthly = random.nextInt(4) != 0;
            String currency = random.nextInt(10) == 0 ? "EUR" : "GBP";
            List<ChargeComponent> charges = monthly
                    ? List.of(new ChargeComponent("airtime", 800 + random.nextInt(12) * 150),
                              new ChargeComponent("handset", random.nextInt(4) * 1200))
                    : List.of();
            Set<Service> services = random.nextInt(8) == 0 ? EnumSet.of(Service.VOICE, Service.SMS)
                    : random.nextInt(8) == 0 ? EnumSet.of(Service.DATA) : EnumSet.of(Service.VOICE, Service.SMS,
                    Service.DATA, Service.VOICEMAIL);
            Plan plan = new Plan((monthly ? "PM-" : "PAYG-") + currency, monthly ? PlanType.PAY_MONTHLY
                    : PlanType.PAY_AS_YOU_GO, currency, charges, services, random.nextInt(3) == 0);
            Set<String> platforms = random.nextInt(10) == 0 ? Set.of(ELEMENT, "PV-HLR") : Set.of("PV-HLR");
            base.add(new Subscriber((i % 500 == 7 ? "PV-Zoé-%05d" : "PV-%05d").formatted(i), "4477%08d".formatted(i), null, "en",
                    brands.get(random.nextInt(brands.size())), "PV-ACC-" + account,
                    random.nextInt(5) == 0 ? "business" : "consumer", plan, regions.get(random.nextInt(3)),
                    platforms, null, false, UPDATED_AT));
        }
        return base;
    }

    private static Map<String, Subscriber> byId(List<Subscriber> lines) {
        Map<String, Subscriber> byId = new LinkedHashMap<>();
        lines.forEach(line -> byId.put(line.subscriberId(), line));
        return byId;
    }
}
