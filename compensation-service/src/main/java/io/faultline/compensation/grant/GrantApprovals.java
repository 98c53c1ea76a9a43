package io.faultline.compensation.grant;

import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.serde.EventJson;
import io.faultline.compensation.liability.Liability;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code grant_approval} table: grants above the approval threshold and finance's decisions on them. */
@Repository
public class GrantApprovals {

    /** Where a grant that needed approval stands. */
    public enum Status { PENDING, APPROVED, REJECTED, SUPERSEDED, GRANTED }

    /** What finance decides. */
    public enum Decision { APPROVE, REJECT }

    /**
     * One grant that needed approval.
     *
     * @param liability the preview that required it, as JSON
     * @param why       which threshold it crossed
     */
    public record Approval(String outageId, long outageVersion, Status status, OutageSnapshot snapshot,
                           String liability, String why, Instant requestedAt, String decidedBy, Instant decidedAt,
                           String reason, Instant grantedAt) {
    }

    private static final String COLUMNS = "outage_id, outage_version, status, snapshot::text, liability::text, why,"
            + " requested_at, decided_by, decided_at, reason, granted_at";

    private final JdbcTemplate jdbc;

    public GrantApprovals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The approval of one version of an outage, if it needed one. */
    public Optional<Approval> find(String outageId, long outageVersion) {
        return jdbc.query("SELECT " + COLUMNS + " FROM grant_approval WHERE outage_id = ? AND outage_version = ?",
                GrantApprovals::approval, outageId, outageVersion).stream().findFirst();
    }

    /** The approval of the latest version of an outage that needed one. */
    public Optional<Approval> latest(String outageId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM grant_approval WHERE outage_id = ?"
                + " ORDER BY outage_version DESC LIMIT 1", GrantApprovals::approval, outageId).stream().findFirst();
    }

    /** Grants waiting for a decision, oldest first. */
    public List<Approval> pending() {
        return jdbc.query("SELECT " + COLUMNS + " FROM grant_approval WHERE status = 'PENDING' ORDER BY requested_at",
                GrantApprovals::approval);
    }

    /** Approved grants not yet carried out, oldest decision first. */
    public List<Approval> approvedNotGranted() {
        return jdbc.query("SELECT " + COLUMNS + " FROM grant_approval WHERE status = 'APPROVED' ORDER BY decided_at",
                GrantApprovals::approval);
    }

    /**
     * Records that a resolved outage waits for approval, unless its version already has a record. A pending
     * approval of an earlier version of the same outage is superseded: finance decides on the latest resolution.
     */
    @Transactional
    public void request(OutageSnapshot outage, Liability liability, String why, Instant at) {
        supersedeBefore(outage.outageId(), outage.version(), at);
        jdbc.update("""
                INSERT INTO grant_approval (outage_id, outage_version, status, snapshot, liability, why, requested_at)
                VALUES (?, ?, 'PENDING', ?::jsonb, ?::jsonb, ?, ?)
                ON CONFLICT (outage_id, outage_version) DO NOTHING
                """, outage.outageId(), outage.version(), EventJson.writeString(outage),
                EventJson.writeString(liability), why, timestamp(at));
    }

    /**
     * Records finance's decision on the pending approval of one version of an outage, the version finance saw.
     * Returns that approval as it stands after the call: decided by this call, or as an earlier call (or a newer
     * resolution, which supersedes it) left it; nothing is decided twice.
     */
    @Transactional
    public Optional<Approval> decide(String outageId, long outageVersion, Decision decision, String user,
                                     String reason, Instant at) {
        jdbc.update("""
                UPDATE grant_approval SET status = ?, decided_by = ?, decided_at = ?, reason = ?
                WHERE outage_id = ? AND outage_version = ? AND status = 'PENDING'
                """, decision == Decision.APPROVE ? "APPROVED" : "REJECTED", user, timestamp(at), reason, outageId,
                outageVersion);
        return find(outageId, outageVersion);
    }

    /**
     * A newer resolution of an outage replaces what earlier ones were waiting for: earlier versions still pending, or
     * approved but not granted yet, are superseded, whether or not the newer one needs approval.
     */
    public void supersedeBefore(String outageId, long outageVersion, Instant at) {
        jdbc.update("""
                UPDATE grant_approval SET status = 'SUPERSEDED', decided_at = coalesce(decided_at, ?),
                       reason = coalesce(reason || '; ', '') || 'superseded by the resolution of version ' || ?
                WHERE outage_id = ? AND outage_version < ? AND status IN ('PENDING', 'APPROVED')
                """, timestamp(at), outageVersion, outageId, outageVersion);
    }

    /** Records that an approved grant was carried out. */
    public void markGranted(String outageId, long outageVersion, Instant at) {
        jdbc.update("UPDATE grant_approval SET status = 'GRANTED', granted_at = ?"
                + " WHERE outage_id = ? AND outage_version = ? AND status = 'APPROVED'", timestamp(at), outageId,
                outageVersion);
    }

    /** Number of grants waiting for a decision. */
    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM grant_approval WHERE status = 'PENDING'", Long.class);
        return count == null ? 0 : count;
    }

    private static Approval approval(ResultSet rs, int row) throws SQLException {
        return new Approval(rs.getString(1), rs.getLong(2), Status.valueOf(rs.getString(3)),
                EventJson.read(rs.getString(4).getBytes(StandardCharsets.UTF_8), OutageSnapshot.class),
                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), rs.getString(8),
                instant(rs.getTimestamp(9)), rs.getString(10), instant(rs.getTimestamp(11)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
