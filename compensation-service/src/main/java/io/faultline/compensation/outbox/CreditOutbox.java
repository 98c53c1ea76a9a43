package io.faultline.compensation.outbox;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.CreditKind;
import io.faultline.common.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code credit_outbox} table: credits booked but not yet acknowledged by {@code credits.v1}. */
@Repository
public class CreditOutbox {

    /** One unpublished credit. */
    public record Entry(UUID creditId, CreditGranted event) {
    }

    private final JdbcTemplate jdbc;

    public CreditOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks and returns up to {@code limit} unpublished entries in booking order, skipping rows another relay
     * holds, each with its event built from the credit's row in the ledger (the event id is the credit id). Call
     * inside a transaction: the locks last until it ends.
     */
    public List<Entry> lockPending(int limit) {
        Map<String, CalculationTrace> traces = new HashMap<>();
        return jdbc.query("""
                SELECT o.credit_id, c.outage_id, c.policy_id, c.policy_version, c.subscriber_id, c.billing_account,
                       c.kind, c.amount_minor, c.currency, c.tax_included, c.reason_code, c.trace::text AS trace,
                       c.granted_at
                FROM credit_outbox o JOIN credit c ON c.credit_id = o.credit_id
                WHERE o.published_at IS NULL
                ORDER BY o.seq
                LIMIT ?
                FOR UPDATE OF o SKIP LOCKED
                """, (rs, n) -> {
            UUID creditId = rs.getObject("credit_id", UUID.class);
            CalculationTrace trace = traces.computeIfAbsent(rs.getString("trace"), json ->
                    EventJson.read(json.getBytes(StandardCharsets.UTF_8), CalculationTrace.class));
            return new Entry(creditId, new CreditGranted(creditId.toString(), rs.getString("outage_id"),
                    rs.getString("policy_id"), rs.getInt("policy_version"), rs.getString("subscriber_id"),
                    rs.getString("billing_account"), CreditKind.valueOf(rs.getString("kind")),
                    rs.getLong("amount_minor"), rs.getString("currency"), rs.getBoolean("tax_included"),
                    rs.getString("reason_code"), trace, rs.getObject("granted_at", OffsetDateTime.class).toInstant()));
        }, limit);
    }

    /**
     * Marks the given entries published, those not marked already; ids that are not in the outbox are ignored.
     * Returns how many entries this marked.
     */
    public int markPublished(Collection<UUID> creditIds) {
        if (creditIds.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            // A join with the ids, so that each is looked up by the primary key: with "credit_id = ANY (?)" the
            // planner may scan every pending row instead, which costs as much as the backlog per batch.
            var ps = con.prepareStatement("""
                    UPDATE credit_outbox o SET published_at = now()
                    FROM unnest(?::uuid[]) AS marked(credit_id)
                    WHERE o.credit_id = marked.credit_id AND o.published_at IS NULL
                    """);
            ps.setArray(1, con.createArrayOf("uuid", creditIds.toArray()));
            return ps;
        });
    }

    /** Number of entries not yet published. */
    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM credit_outbox WHERE published_at IS NULL", Long.class);
        return count == null ? 0 : count;
    }
}
