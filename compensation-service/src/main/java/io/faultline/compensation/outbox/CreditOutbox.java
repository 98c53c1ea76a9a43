package io.faultline.compensation.outbox;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
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
     * holds. Call inside a transaction: the locks last until it ends.
     */
    public List<Entry> lockPending(int limit) {
        return jdbc.query("""
                SELECT credit_id, payload::text FROM credit_outbox
                WHERE published_at IS NULL
                ORDER BY seq
                LIMIT ?
                FOR UPDATE SKIP LOCKED
                """, (rs, n) -> new Entry(rs.getObject(1, UUID.class),
                EventJson.read(rs.getString(2).getBytes(StandardCharsets.UTF_8), CreditGranted.class)), limit);
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
            var ps = con.prepareStatement("""
                    UPDATE credit_outbox SET published_at = now()
                    WHERE credit_id = ANY (?) AND published_at IS NULL
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
