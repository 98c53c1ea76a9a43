package io.faultline.compensation.grant;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.ledger.CompensationRuns;
import io.faultline.compensation.liability.Liability;
import io.faultline.compensation.liability.LiabilityEstimator;
import io.faultline.compensation.ledger.CreditLedger;
import io.faultline.compensation.outbox.OutboxRelay;
import io.faultline.compensation.policy.ComputedCredit;
import io.faultline.compensation.policy.CompensationPolicy;
import io.faultline.compensation.policy.LineHistory;
import io.faultline.compensation.policy.OutageFacts;
import io.faultline.compensation.policy.PolicyBook;
import io.faultline.compensation.subscribers.SubscriberCatchUp;
import io.faultline.compensation.subscribers.SubscriberStore;
import io.faultline.compensation.subscribers.SubscribersNotCaughtUpException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Runs every compensation policy that applies to a resolved outage (see docs/compensation-policies.md) over every
 * candidate subscriber, one run per policy. Subscribers are read from PostgreSQL in keyset pages (prefiltered by
 * scope, service, plan type and brand), the policy assesses each line in Java and each page is booked in the ledger
 * in one transaction; the subscriber base is never held in memory.
 *
 * <p>Complete: before reading any subscriber, a run captures the end offsets of {@code subscribers.v1} and waits
 * (up to {@code faultline.compensation.grant.subscribers-catch-up-timeout}, 10 minutes) until the subscriber table
 * has caught up with them, so that subscribers published before the outage was resolved but not yet loaded (a fresh
 * deployment, a restart with a backlog) are not left without credit. If the table does not catch up in time the run
 * fails without granting anything and the RESOLVED is retried, then dead-lettered.
 *
 * <p>Idempotent: credits have deterministic ids and are booked at most once, and a RESOLVED event whose version
 * (or a later one) was already compensated under the same policy version is skipped.
 */
@Service
public class CompensationGrant {

    private static final Logger log = LoggerFactory.getLogger(CompensationGrant.class);

    /** What one run of one policy did. */
    public record Result(String outageId, String policy, boolean skipped, long subscribersEvaluated,
                         long creditsBooked, Map<String, Long> totalMinorByCurrency) {
    }

    private final PolicyBook policies;
    private final LiabilityEstimator estimator;
    private final GrantApprovals approvals;
    private final ApprovalThresholds thresholds;
    private final SubscriberStore subscribers;
    private final SubscriberCatchUp catchUp;
    private final CreditLedger ledger;
    private final CompensationRuns runs;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int pageSize;
    private final Duration catchUpTimeout;

    public CompensationGrant(PolicyBook policies, LiabilityEstimator estimator, GrantApprovals approvals,
                             ApprovalThresholds thresholds, SubscriberStore subscribers, SubscriberCatchUp catchUp,
                             CreditLedger ledger, CompensationRuns runs, OutboxRelay relay, MeterRegistry meters,
                             Clock clock, @Value("${faultline.compensation.grant.page-size:5000}") int pageSize,
                             @Value("${faultline.compensation.grant.subscribers-catch-up-timeout:10m}")
                             Duration catchUpTimeout) {
        this.policies = policies;
        this.estimator = estimator;
        this.approvals = approvals;
        this.thresholds = thresholds;
        this.subscribers = subscribers;
        this.catchUp = catchUp;
        this.ledger = ledger;
        this.runs = runs;
        this.relay = relay;
        this.meters = meters;
        this.clock = clock;
        this.pageSize = pageSize;
        this.catchUpTimeout = catchUpTimeout;
    }

    /**
     * Compensates a resolved outage: at once, or, when approval thresholds are configured and its liability is above
     * them, once a finance user approves it ({@link ApprovedGrants} carries out approved grants). A replay of a
     * resolution that waits for a decision, was rejected or superseded grants nothing.
     */
    public List<Result> compensate(OutageSnapshot outage) {
        Optional<GrantApprovals.Approval> approval = approvals.find(outage.outageId(), outage.version());
        if (approval.isPresent() && approval.get().status() != GrantApprovals.Status.GRANTED) {
            log.info("Outage {} v{}: approval {}, nothing to grant now", outage.outageId(), outage.version(),
                    approval.get().status());
            return List.of();
        }
        if (approval.isEmpty()) {
            approvals.supersedeBefore(outage.outageId(), outage.version(), clock.instant());
        }
        if (approval.isEmpty() && thresholds.configured() && !alreadyCompensated(outage)) {
            // The preview must see the whole base, as the grant will: a partial table would slip under the threshold.
            awaitSubscribers(outage, detail -> log.info("Outage {} v{} liability preview: {}", outage.outageId(),
                    outage.version(), detail));
            Liability liability = estimator.estimate(outage);
            Optional<String> why = thresholds.exceededBy(liability.totalMinorByCurrency());
            if (why.isPresent()) {
                approvals.request(outage, liability, why.get(), clock.instant());
                log.warn("Outage {} v{} waits for a finance user's approval: {}", outage.outageId(),
                        outage.version(), why.get());
                return List.of();
            }
        }
        return grantAll(outage);
    }

    /** Grants the credits of every policy that compensates a resolved outage, one run per policy. */
    public List<Result> grantAll(OutageSnapshot outage) {
        OutageFacts facts = OutageFacts.of(outage, clock.instant(), Set.of());
        List<Result> results = new ArrayList<>();
        for (CompensationPolicy policy : policies.applicableTo(facts)) {
            results.add(compensate(outage, facts, policy));
        }
        if (results.isEmpty()) {
            log.info("Outage {} v{}: no compensation policy applies", outage.outageId(), outage.version());
        }
        return results;
    }

    private boolean alreadyCompensated(OutageSnapshot outage) {
        OutageFacts facts = OutageFacts.of(outage, clock.instant(), Set.of());
        return policies.applicableTo(facts).stream().allMatch(policy -> runs.completedSince(outage.outageId(),
                outage.version(), policy.id(), policy.version()));
    }

    private Result compensate(OutageSnapshot outage, OutageFacts facts, CompensationPolicy policy) {
        String outageId = outage.outageId();
        if (runs.completedSince(outageId, outage.version(), policy.id(), policy.version())) {
            log.info("Outage {} v{} already compensated under {}: nothing to do", outageId, outage.version(),
                    policy.key());
            runs.skipped(outageId, outage.version(), policy.id(), policy.version(), clock.instant(),
                    "replay of an outage version already compensated");
            return new Result(outageId, policy.key(), true, 0, 0, Map.of());
        }
        Instant started = clock.instant();
        long runId = runs.start(outageId, outage.version(), policy.id(), policy.version(), started);
        RunTally tally = new RunTally();
        try {
            awaitSubscribers(outage, detail -> runs.note(runId, detail));
            subscribers.forEachCandidatePage(policy.criteria(facts), pageSize, page -> {
                List<ComputedCredit> credits = new ArrayList<>(page.size());
                for (Subscriber subscriber : page) {
                    policy.assess(facts, subscriber, LineHistory.UNKNOWN).granted()
                            .map(award -> ComputedCredit.of(outageId, subscriber, award)).ifPresent(credits::add);
                }
                List<CreditGranted> newlyBooked = ledger.book(credits, clock.instant());
                tally.add(page.size(), newlyBooked);
                count(policy, newlyBooked);
                if (!newlyBooked.isEmpty()) {
                    relay.kick();
                }
            });
        } catch (RuntimeException e) {
            runs.fail(runId, tally.evaluated, tally.booked, tally.totals, clock.instant(), e.toString());
            throw e;
        }
        runs.complete(runId, tally.evaluated, tally.booked, tally.totals, clock.instant());
        log.info("Outage {} v{} compensated under {}: {} candidates, {} new credits, totals {} in {} ms", outageId,
                outage.version(), policy.key(), tally.evaluated, tally.booked, tally.totals,
                Duration.between(started, clock.instant()).toMillis());
        return new Result(outageId, policy.key(), false, tally.evaluated, tally.booked, Map.copyOf(tally.totals));
    }

    /** What one run has read and booked so far. */
    private static final class RunTally {

        private long evaluated;
        private long booked;
        private final Map<String, Long> totals = new HashMap<>();

        void add(int candidates, List<CreditGranted> newlyBooked) {
            evaluated += candidates;
            booked += newlyBooked.size();
            for (CreditGranted credit : newlyBooked) {
                totals.merge(credit.currency(), credit.amountMinor(), Long::sum);
            }
        }
    }

    /**
     * Waits until the subscriber table holds everything {@code subscribers.v1} held when the grant (or its liability
     * preview) started, and notes which end offsets it ran over: on the run, or in the log for a preview.
     *
     * @throws SubscribersNotCaughtUpException when the table does not catch up within the timeout
     */
    private void awaitSubscribers(OutageSnapshot outage, Consumer<String> note) {
        Instant asked = clock.instant();
        SubscriberCatchUp.Target target = catchUp.capture();
        SubscriberCatchUp.Lag lag = catchUp.lag(target);
        if (lag.caughtUp()) {
            note.accept("subscriber table at subscribers.v1 end offsets " + target.endOffsets());
            return;
        }
        log.warn("Outage {} v{}: the subscriber table is {} records behind subscribers.v1 ({}); waiting up to {} for"
                        + " it before granting", outage.outageId(), outage.version(), lag.total(), lag.describe(),
                catchUpTimeout);
        note.accept("waiting up to " + catchUpTimeout + " for the subscriber table to reach subscribers.v1 end"
                + " offsets " + target.endOffsets() + ", " + lag.total() + " records behind");
        Timer.Sample sample = Timer.start(meters);
        try {
            catchUp.await(target, catchUpTimeout);
        } catch (SubscribersNotCaughtUpException e) {
            sample.stop(waitTimer("not-caught-up"));
            log.error("Outage {} v{} not compensated: {}", outage.outageId(), outage.version(), e.getMessage());
            throw e;
        }
        sample.stop(waitTimer("caught-up"));
        long waited = Duration.between(asked, clock.instant()).toMillis();
        log.info("Outage {} v{}: subscriber table caught up with subscribers.v1 end offsets {} after {} ms",
                outage.outageId(), outage.version(), target.endOffsets(), waited);
        note.accept("subscriber table at subscribers.v1 end offsets " + target.endOffsets() + " after waiting "
                + waited + " ms");
    }

    private Timer waitTimer(String outcome) {
        return Timer.builder("faultline.compensation.subscribers.catch-up.wait")
                .description("Time grants waited for the subscriber table to catch up with subscribers.v1")
                .tag("outcome", outcome)
                .register(meters);
    }

    private void count(CompensationPolicy policy, List<CreditGranted> credits) {
        Map<String, long[]> byCurrency = new HashMap<>();
        for (CreditGranted credit : credits) {
            long[] sums = byCurrency.computeIfAbsent(credit.currency(), c -> new long[2]);
            sums[0]++;
            sums[1] += credit.amountMinor();
        }
        byCurrency.forEach((currency, sums) -> {
            Counter.builder("faultline.credits.granted")
                    .description("Credits booked in the ledger")
                    .tags("policy", policy.key(), "currency", currency)
                    .register(meters)
                    .increment(sums[0]);
            Counter.builder("faultline.credits.amount.minor")
                    .description("Amount of the credits booked, in minor units")
                    .tag("currency", currency)
                    .register(meters)
                    .increment(sums[1]);
        });
    }
}
