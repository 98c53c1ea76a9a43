package io.faultline.compensation.ledger;

import io.faultline.common.serde.EventJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code outage_compensation} table: one row per run of a policy version over an outage, with its status, the
 * credits it booked and their total per currency. Finance reads it to see what each outage cost.
 */
@Repository
public class CompensationRuns {

    private final JdbcTemplate jdbc;

    public CompensationRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether a run of this policy version over this outage completed for the given outage version or a later one,
     * so that a replay of that version has nothing to add.
     */
    public boolean completedSince(String outageId, long outageVersion, String policyId, int policyVersion) {
        Boolean completed = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM outage_compensation
                               WHERE outage_id = ? AND policy_id = ? AND policy_version = ?
                                 AND status = 'COMPLETED' AND outage_version >= ?)
                """, Boolean.class, outageId, policyId, policyVersion, outageVersion);
        return Boolean.TRUE.equals(completed);
    }

    /**
     * Records the start of a run and returns its id. Earlier runs of the same outage and policy version still marked
     * running were left by a service that stopped mid-run (the outage is handled by one consumer at a time): they
     * are marked failed, naming this run, which books what they did not.
     */
    public long start(String outageId, long outageVersion, String policyId, int policyVersion, Instant startedAt) {
        Long runId = jdbc.queryForObject("""
                INSERT INTO outage_compensation (outage_id, outage_version, policy_id, policy_version, status, started_at)
                VALUES (?, ?, ?, ?, 'RUNNING', ?) RETURNING run_id
                """, Long.class, outageId, outageVersion, policyId, policyVersion, timestamp(startedAt));
        if (runId == null) {
            return -1;
        }
        jdbc.update("""
                UPDATE outage_compensation
                SET status = 'FAILED', completed_at = ?, detail = 'abandoned: the service stopped during this run;'
                                                                  || ' run ' || ? || ' took it over'
                WHERE outage_id = ? AND policy_id = ? AND policy_version = ? AND status = 'RUNNING' AND run_id < ?
                """, timestamp(startedAt), runId, outageId, policyId, policyVersion, runId);
        return runId;
    }

    /** Sets the detail of a run: what it is waiting for, or which state of the subscriber base it ran over. */
    public void note(long runId, String detail) {
        jdbc.update("UPDATE outage_compensation SET detail = ? WHERE run_id = ?", detail, runId);
    }

    /** Records a replay that was not run because an earlier run already covered it. */
    public void skipped(String outageId, long outageVersion, String policyId, int policyVersion, Instant at,
                        String detail) {
        jdbc.update("""
                INSERT INTO outage_compensation (outage_id, outage_version, policy_id, policy_version, status,
                                                 started_at, completed_at, detail)
                VALUES (?, ?, ?, ?, 'SKIPPED', ?, ?, ?)
                """, outageId, outageVersion, policyId, policyVersion, timestamp(at), timestamp(at), detail);
    }

    /** Records the end of a run with what it booked. */
    public void complete(long runId, long subscribersEvaluated, long creditsBooked,
                         Map<String, Long> totalMinorByCurrency, Instant completedAt) {
        jdbc.update("""
                UPDATE outage_compensation
                SET status = 'COMPLETED', completed_at = ?, subscribers_evaluated = ?, credits_count = ?,
                    total_minor_by_currency = ?::jsonb
                WHERE run_id = ?
                """, timestamp(completedAt), subscribersEvaluated, creditsBooked,
                EventJson.writeString(new TreeMap<>(totalMinorByCurrency)), runId);
    }

    /** Records that a run failed; what it booked before failing stays booked and a rerun completes it. */
    public void fail(long runId, long subscribersEvaluated, long creditsBooked, Map<String, Long> totalMinorByCurrency,
                     Instant at, String detail) {
        jdbc.update("""
                UPDATE outage_compensation
                SET status = 'FAILED', completed_at = ?, subscribers_evaluated = ?, credits_count = ?,
                    total_minor_by_currency = ?::jsonb, detail = ?
                WHERE run_id = ?
                """, timestamp(at), subscribersEvaluated, creditsBooked,
                EventJson.writeString(new TreeMap<>(totalMinorByCurrency)), detail, runId);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
