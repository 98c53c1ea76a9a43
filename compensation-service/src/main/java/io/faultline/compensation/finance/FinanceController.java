package io.faultline.compensation.finance;

import io.faultline.common.events.OutageSnapshot;
import io.faultline.compensation.grant.ApprovedGrants;
import io.faultline.compensation.grant.GrantApprovals;
import io.faultline.compensation.grant.GrantApprovals.Approval;
import io.faultline.compensation.grant.GrantApprovals.Decision;
import io.faultline.compensation.grant.GrantApprovals.Status;
import io.faultline.compensation.grant.KnownOutages;
import io.faultline.compensation.ledger.CreditQueries;
import io.faultline.compensation.liability.Liability;
import io.faultline.compensation.liability.LiabilityEstimator;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The finance and care API ({@code /api/finance}, see {@link FinanceSecurityConfiguration} for who may call what):
 * the liability of an outage (open: if it ended now), the approval of grants above the threshold, the credits of a
 * subscriber and the CSV export of an outage's credits.
 */
@RestController
@RequestMapping("/api/finance")
public class FinanceController {

    private static final Logger log = LoggerFactory.getLogger(FinanceController.class);

    /** Header of the CSV export with the number of credit lines to expect, so that a cut-off file shows. */
    public static final String CREDIT_COUNT_HEADER = "Faultline-Credit-Count";

    /** The liability of an outage, what the ledger already holds for it, and its approval if it needed one. */
    public record OutageLiability(String outageId, long outageVersion, boolean open, Liability liability,
                                  CreditQueries.Booked booked, ApprovalView approval) {
    }

    /** An approval as finance sees it (the outage snapshot left out). */
    public record ApprovalView(String outageId, long outageVersion, Status status, String why, Instant requestedAt,
                               String decidedBy, Instant decidedAt, String reason, Instant grantedAt) {

        static ApprovalView of(Approval approval) {
            return new ApprovalView(approval.outageId(), approval.outageVersion(), approval.status(), approval.why(),
                    approval.requestedAt(), approval.decidedBy(), approval.decidedAt(), approval.reason(),
                    approval.grantedAt());
        }
    }

    /**
     * A finance user's decision on the grant of the outage version they reviewed; the reason is recorded and
     * required.
     */
    public record DecisionRequest(Long outageVersion, Decision decision, String reason) {
    }

    private final KnownOutages outages;
    private final LiabilityEstimator estimator;
    private final CreditQueries credits;
    private final GrantApprovals approvals;
    private final ApprovedGrants approvedGrants;
    private final Clock clock;

    public FinanceController(KnownOutages outages, LiabilityEstimator estimator, CreditQueries credits,
                             GrantApprovals approvals, ApprovedGrants approvedGrants, Clock clock) {
        this.outages = outages;
        this.estimator = estimator;
        this.credits = credits;
        this.approvals = approvals;
        this.approvedGrants = approvedGrants;
        this.clock = clock;
    }

    /** The liability of an outage: computed now over the current subscriber base, as if it ended now when open. */
    @GetMapping("/outages/{outageId}/liability")
    public OutageLiability liability(@PathVariable String outageId) {
        OutageSnapshot outage = outages.latest(outageId).orElseThrow(() -> notFound("no outage " + outageId));
        return new OutageLiability(outageId, outage.version(), outage.endedAt() == null, estimator.estimate(outage),
                credits.ofOutage(outageId), approvals.latest(outageId).map(ApprovalView::of).orElse(null));
    }

    /** Grants waiting for a decision, oldest first. */
    @GetMapping("/approvals")
    public List<ApprovalView> pendingApprovals() {
        return approvals.pending().stream().map(ApprovalView::of).toList();
    }

    /**
     * Approves or rejects the grant of an outage that waits for approval. Deciding again what was decided answers
     * the recorded decision and grants nothing twice; deciding the opposite is a 409.
     */
    @PostMapping("/outages/{outageId}/approval")
    public ApprovalView decide(@PathVariable String outageId, @RequestBody DecisionRequest request,
                               Principal user) {
        if (request == null || request.decision() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "decision must be APPROVE or REJECT");
        }
        if (request.outageVersion() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "outageVersion is required: the version whose"
                    + " liability was reviewed");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "reason is required: it is recorded with the"
                    + " decision");
        }
        Approval current = approvals.find(outageId, request.outageVersion())
                .orElseThrow(() -> notFound("outage " + outageId + " v" + request.outageVersion()
                        + " has no grant that needed approval"));
        if (current.status() == Status.PENDING) {
            current = approvals.decide(outageId, request.outageVersion(), request.decision(), user.getName(),
                    request.reason().strip(), clock.instant()).orElseThrow();
            log.info("Grant of outage {} v{}: {} by {}", outageId, current.outageVersion(), current.status(),
                    user.getName());
        }
        boolean asked = request.decision() == Decision.APPROVE;
        boolean approved = current.status() == Status.APPROVED || current.status() == Status.GRANTED;
        if (current.status() == Status.SUPERSEDED || (asked != approved)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the grant of outage " + outageId + " v"
                    + current.outageVersion() + " is already " + current.status() + " by " + current.decidedBy()
                    + " at " + current.decidedAt() + ": " + current.reason());
        }
        if (current.status() == Status.APPROVED) {
            approvedGrants.kick();
        }
        return ApprovalView.of(current);
    }

    /** Every credit of a subscriber, newest first (finance and care). */
    @GetMapping("/subscribers/{subscriberId}/credits")
    public List<CreditQueries.BookedCredit> creditsOf(@PathVariable String subscriberId) {
        return credits.ofSubscriber(subscriberId);
    }

    /** Every credit of an outage as CSV, streamed from the ledger. */
    @GetMapping(value = "/outages/{outageId}/credits.csv", produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> creditsCsv(@PathVariable String outageId) {
        long count = credits.ofOutage(outageId).credits();
        if (outages.latest(outageId).isEmpty() && count == 0) {
            throw notFound("no outage " + outageId);
        }
        StreamingResponseBody body = stream -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            CreditCsv csv = new CreditCsv(writer);
            csv.header();
            credits.streamOutage(outageId, csv::write);
            writer.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"credits-"
                        + outageId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"")
                .header(CREDIT_COUNT_HEADER, Long.toString(count))
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }

    private static ResponseStatusException notFound(String message) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, message);
    }
}
