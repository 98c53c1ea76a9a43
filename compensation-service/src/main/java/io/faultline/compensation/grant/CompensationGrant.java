package io.faultline.compensation.grant;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.ledger.CompensationRuns;
import io.faultline.compensation.liability.Liability;
import io.faultline.compensation.liability.LiabilityEstimator;
import io.faultline.compensation.ledger.CreditLedger;
import io.faultline.compensation.ledger.GrantProfiles;
import io.faultline.compensation.outbox.OutboxRelay;
import io.faultline.compensation.policy.Award;
import io.faultline.compensation.policy.ComputedCredit;
import io.faultline.compensation.policy.CompensationPolicy;
import io.faultline.compensation.policy.EligibilityCriteria;
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
 * candidate subscriber, one run per policy. A policy is pure, so lines alike get the same award: the run first has
 * PostgreSQL group the candidates (prefiltered by scope, service, plan type and brand) into profiles
 * ({@link SubscriberStore.LineProfile}), the policy assesses one example of each and the run records the awards
 * ({@link GrantProfiles}); then the ledger books the candidates in keyset pages, each page in one statement that
 * gives every line its profile's award, without the lines leaving the database. A line whose profile changed after
 * the run started is read and assessed on its own. The subscriber base is never held in memory.
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

    private static final int PROFILE_BATCH = 1_000;

    private final PolicyBook policies;
    private final LiabilityEstimator estimator;
    private final GrantApprovals approvals;
    private final ApprovalThresholds thresholds;
    private final SubscriberStore subscribers;
    private final SubscriberCatchUp catchUp;
    private final CreditLedger ledger;
    private final GrantProfiles grantProfiles;
    private final CompensationRuns runs;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int pageSize;
    private final Duration catchUpTimeout;

    public CompensationGrant(PolicyBook policies, LiabilityEstimator estimator, GrantApprovals approvals,
                             ApprovalThresholds thresholds, SubscriberStore subscribers, SubscriberCatchUp catchUp,
                             CreditLedger ledger, GrantProfiles grantProfiles, CompensationRuns runs, OutboxRelay relay, MeterRegistry meters,
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
        this.grantProfiles = grantProfiles;
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
        // Before this run takes over any run left RUNNING: should that one still be alive, it keeps its profiles.
        grantProfiles.forgetEnded();
        long runId = runs.start(outageId, outage.version(), policy.id(), policy.version(), started);
        RunTally tally = new RunTally();
        long profiles;
        try {
            awaitSubscribers(outage, detail -> runs.note(runId, detail));
            EligibilityCriteria criteria = policy.criteria(facts);
            profiles = recordProfiles(runId, facts, policy, criteria);
            if (subscribers.analyzeIfStale()) {
                log.info("Outage {} v{}: analyzed the subscriber table, whose statistics were stale", outageId,
                        outage.version());
            }
            String after = "";
            while (true) {
                CreditLedger.ProfilePage page = ledger.bookByProfile(runId, outageId, policy.id(), policy.version(),
                        criteria, after, pageSize, clock.instant());
                tally.evaluated += page.candidates();
                long bookedBefore = tally.booked;
                tally.add(page.booked());
                count(policy, page.booked());
                if (!page.unprofiled().isEmpty()) {
                    bookOneByOne(outageId, facts, policy, page.unprofiled(), tally);
                }
                if (tally.booked > bookedBefore) {
                    relay.kick();
                }
                if (page.candidates() < pageSize) {
                    break;
                }
                after = page.lastId();
            }
        } catch (RuntimeException e) {
            runs.fail(runId, tally.evaluated, tally.booked, tally.totals, clock.instant(), e.toString());
            forgetProfiles(runId);
            throw e;
        }
        runs.complete(runId, tally.evaluated, tally.booked, tally.totals, clock.instant());
        forgetProfiles(runId);
        log.info("Outage {} v{} compensated under {}: {} candidates ({} profiles, {} assessed on their own), {} new"
                        + " credits, totals {} in {} ms", outageId, outage.version(), policy.key(), tally.evaluated,
                profiles, tally.assessedAlone, tally.booked, tally.totals,
                Duration.between(started, clock.instant()).toMillis());
        return new Result(outageId, policy.key(), false, tally.evaluated, tally.booked, Map.copyOf(tally.totals));
    }

    /** Forgets a run's profiles; a failure is logged, as the next run forgets them too. */
    private void forgetProfiles(long runId) {
        try {
            grantProfiles.forget(runId);
        } catch (RuntimeException e) {
            log.warn("Could not delete the profiles of run {} (the next run will): {}", runId, e.toString());
        }
    }

    /**
     * Assesses one example line of every profile of the candidates and records what the run grants each profile,
     * as the profiles stream from the database, in batches. The award depends on the profile alone because
     * every line is assessed with {@link LineHistory#UNKNOWN}: once a line's history (its top-ups) is known, it
     * must become part of the profile.
     */
    private long recordProfiles(long runId, OutageFacts facts, CompensationPolicy policy,
                                EligibilityCriteria criteria) {
        List<GrantProfiles.Entry> batch = new ArrayList<>(PROFILE_BATCH);
        long profiles = subscribers.forEachProfile(criteria, profile -> {
            Award award = policy.assess(facts, profile.example(), LineHistory.UNKNOWN).granted().orElse(null);
            batch.add(new GrantProfiles.Entry(profile.fingerprint(), award));
            if (batch.size() == PROFILE_BATCH) {
                grantProfiles.record(runId, batch);
                batch.clear();
            }
        });
        grantProfiles.record(runId, batch);
        grantProfiles.analyze();
        return profiles;
    }

    /** Books the credits of lines whose profile the run did not record (they changed since it started). */
    private void bookOneByOne(String outageId, OutageFacts facts, CompensationPolicy policy, List<String> ids,
                              RunTally tally) {
        List<ComputedCredit> credits = new ArrayList<>(ids.size());
        for (Subscriber line : subscribers.findByIds(ids)) {
            policy.assess(facts, line, LineHistory.UNKNOWN).granted()
                    .map(award -> ComputedCredit.of(outageId, line, award)).ifPresent(credits::add);
        }
        Map<String, CreditLedger.Booked> booked = new HashMap<>();
        for (CreditGranted credit : ledger.book(credits, clock.instant())) {
            booked.merge(credit.currency(), new CreditLedger.Booked(1, credit.amountMinor()),
                    (a, b) -> new CreditLedger.Booked(a.credits() + b.credits(), a.amountMinor() + b.amountMinor()));
        }
        tally.assessedAlone += ids.size();
        tally.add(booked);
        count(policy, booked);
    }

    /** What one run has read and booked so far. */
    private static final class RunTally {

        private long evaluated;
        private long assessedAlone;
        private long booked;
        private final Map<String, Long> totals = new HashMap<>();

        void add(Map<String, CreditLedger.Booked> newlyBooked) {
            newlyBooked.forEach((currency, credits) -> {
                booked += credits.credits();
                totals.merge(currency, credits.amountMinor(), Long::sum);
            });
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

    private void count(CompensationPolicy policy, Map<String, CreditLedger.Booked> booked) {
        booked.forEach((currency, credits) -> {
            Counter.builder("faultline.credits.granted")
                    .description("Credits booked in the ledger")
                    .tags("policy", policy.key(), "currency", currency)
                    .register(meters)
                    .increment(credits.credits());
            Counter.builder("faultline.credits.amount.minor")
                    .description("Amount of the credits booked, in minor units")
                    .tag("currency", currency)
                    .register(meters)
                    .increment(credits.amountMinor());
        });
    }
}
