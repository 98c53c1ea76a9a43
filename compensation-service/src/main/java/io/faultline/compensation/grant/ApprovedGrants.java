package io.faultline.compensation.grant;

import io.faultline.compensation.outbox.RelayLeadership;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Carries out the grants finance approved: each {@code APPROVED} approval is granted (the same idempotent grant as an
 * automatic one) and then marked {@code GRANTED}. Runs every {@code faultline.compensation.approval.interval} (10 s)
 * and at once when {@link #kick() kicked} by an approval, on the one instance that holds a lock of its own (a
 * PostgreSQL advisory lock like the outbox relay's, another key), so that an approval is granted by one instance at
 * a time. Each approval is granted on its own: one that fails is retried at the next pass without holding up the
 * others. A restart in the middle resumes it: the approval is still
 * {@code APPROVED}, and what was booked stays booked.
 */
@Component
public class ApprovedGrants implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ApprovedGrants.class);

    private final GrantApprovals approvals;
    private final CompensationGrant grant;
    private final RelayLeadership leadership;
    private final Clock clock;
    private final ReentrantLock passLock = new ReentrantLock();
    private final ExecutorService kicks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "approved-grants-kick");
        thread.setDaemon(true);
        return thread;
    });

    public ApprovedGrants(GrantApprovals approvals, CompensationGrant grant,
                          @Qualifier("approvedGrantsLeadership") RelayLeadership leadership, Clock clock) {
        this.approvals = approvals;
        this.grant = grant;
        this.leadership = leadership;
        this.clock = clock;
    }

    /** Starts a pass soon, without waiting for the next tick. */
    public void kick() {
        try {
            kicks.execute(this::grantApproved);
        } catch (RejectedExecutionException e) {
            log.debug("Approved grants runner is shut down; kick ignored");
        }
    }

    /** Grants every approved grant not yet granted, if this instance leads; returns how many it granted. */
    @Scheduled(fixedDelayString = "${faultline.compensation.approval.interval:10s}")
    public int grantApproved() {
        if (!passLock.tryLock()) {
            return 0;
        }
        try {
            if (!leadership.lead()) {
                return 0;
            }
            int granted = 0;
            for (GrantApprovals.Approval approval : approvals.approvedNotGranted()) {
                try {
                    log.info("Granting outage {} v{}, approved by {}: {}", approval.outageId(),
                            approval.outageVersion(), approval.decidedBy(), approval.reason());
                    grant.grantAll(approval.snapshot());
                    approvals.markGranted(approval.outageId(), approval.outageVersion(), clock.instant());
                    granted++;
                } catch (RuntimeException e) {
                    log.warn("Granting approved outage {} v{} failed, retrying on the next pass: {}",
                            approval.outageId(), approval.outageVersion(), e.toString());
                }
            }
            return granted;
        } catch (RuntimeException e) {
            log.warn("Granting approved outages failed, retrying on the next tick: {}", e.toString());
            return 0;
        } finally {
            passLock.unlock();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        kicks.shutdown();
        if (!kicks.awaitTermination(10, TimeUnit.SECONDS)) {
            kicks.shutdownNow();
        }
    }
}
