package io.faultline.compensation.liability;

import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.policy.CompensationPolicy;
import io.faultline.compensation.policy.LineHistory;
import io.faultline.compensation.policy.OutageFacts;
import io.faultline.compensation.policy.PolicyBook;
import io.faultline.compensation.subscribers.SubscriberStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Computes the {@link Liability} of an outage: every policy that applies assesses the candidate lines, as the grant
 * does, and the awards are tallied instead of booked. A policy is pure, so lines alike get the same award: the lines
 * are grouped into {@link SubscriberStore.LineProfile profiles} by the database and a policy assesses one example of
 * each, counted as many times as the profile has lines. A policy that pays per account is assessed line by line, so
 * that an account counts once, as the ledger books it once. An open outage is previewed as if it ended now. Each preview
 * is timed ({@code faultline.compensation.liability.preview}) and its totals are the gauge
 * {@code faultline.compensation.liability.last.minor} per currency.
 */
@Service
public class LiabilityEstimator {

    private static final Logger log = LoggerFactory.getLogger(LiabilityEstimator.class);

    private final PolicyBook policies;
    private final SubscriberStore subscribers;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int pageSize;
    private final Timer previews;
    private final Map<String, AtomicLong> lastTotals = new ConcurrentHashMap<>();

    public LiabilityEstimator(PolicyBook policies, SubscriberStore subscribers, MeterRegistry meters, Clock clock,
                              @Value("${faultline.compensation.grant.page-size:5000}") int pageSize) {
        this.policies = policies;
        this.subscribers = subscribers;
        this.meters = meters;
        this.clock = clock;
        this.pageSize = pageSize;
        this.previews = Timer.builder("faultline.compensation.liability.preview")
                .description("Time to compute the liability preview of an outage")
                .register(meters);
    }

    /** The liability of an outage; an open one as if it ended now. */
    public Liability estimate(OutageSnapshot outage) {
        Instant started = clock.instant();
        OutageFacts facts = OutageFacts.of(outage, started, Set.of());
        LiabilityTally tally = new LiabilityTally();
        long profiles = 0;
        for (CompensationPolicy policy : policies.applicableTo(facts)) {
            if (policy.paysPerAccount()) {
                subscribers.forEachCandidatePage(policy.criteria(facts), pageSize, page -> {
                    tally.evaluated(page.size());
                    for (Subscriber line : page) {
                        policy.assess(facts, line, LineHistory.UNKNOWN).granted()
                                .ifPresent(award -> tally.add(line, award));
                    }
                });
            } else {
                profiles += subscribers.forEachProfile(policy.criteria(facts), profile -> {
                    tally.evaluated(profile.lines());
                    policy.assess(facts, profile.example(), LineHistory.UNKNOWN).granted()
                            .ifPresent(award -> tally.add(profile.example(), award, profile.lines()));
                });
            }
        }
        Instant computed = clock.instant();
        Duration took = Duration.between(started, computed);
        previews.record(took);
        Liability liability = new Liability(outage.outageId(), outage.version(), outage.endedAt() == null,
                facts.endedAt(), computed, took, tally.linesEvaluated(), tally.credits(),
                tally.totalMinorByCurrency(), tally.breakdown(), tally.policies(), tally.examples());
        liability.totalMinorByCurrency().forEach((currency, total) -> lastTotals.computeIfAbsent(currency,
                c -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder("faultline.compensation.liability.last.minor", holder, AtomicLong::get)
                            .description("Total of the latest liability preview, in minor units")
                            .tag("currency", c)
                            .register(meters);
                    return holder;
                }).set(total));
        log.info("Liability of outage {} v{}{}: {} credits, {} over {} lines ({} profiles) in {} ms",
                outage.outageId(), outage.version(), liability.open() ? " if it ended now" : "", liability.credits(),
                liability.totalMinorByCurrency(), liability.linesEvaluated(), profiles, took.toMillis());
        return liability;
    }
}
