package io.faultline.compensation.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** What finance and customer care read from the ledger. */
@Repository
public class CreditQueries {

    /** One booked credit, with the formula of its calculation trace. */
    public record BookedCredit(String creditId, String outageId, String policyId, int policyVersion,
                               String subscriberId, String billingAccount, String kind, long amountMinor,
                               String currency, boolean taxIncluded, String reasonCode, Instant grantedAt,
                               String formula, boolean published) {
    }

    /** What the ledger holds for an outage. */
    public record Booked(long credits, Map<String, Long> totalMinorByCurrency, long published) {
    }

    private static final String SELECT = """
            SELECT c.credit_id::text, c.outage_id, c.policy_id, c.policy_version, c.subscriber_id, c.billing_account,
                   c.kind, c.amount_minor, c.currency, c.tax_included, c.reason_code, c.granted_at,
                   c.trace->>'formula', o.published_at IS NOT NULL
            FROM credit c LEFT JOIN credit_outbox o USING (credit_id)
            """;
    private static final int STREAM_FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;

    public CreditQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every credit of a subscriber, newest first. */
    public List<BookedCredit> ofSubscriber(String subscriberId) {
        return jdbc.query(SELECT + " WHERE c.subscriber_id = ? ORDER BY c.granted_at DESC, c.credit_id",
                (rs, n) -> credit(rs), subscriberId);
    }

    /** Count and totals per currency of the credits booked for an outage, and how many are on credits.v1. */
    public Booked ofOutage(String outageId) {
        Map<String, Long> totals = new TreeMap<>();
        long[] counts = new long[2];
        jdbc.query("""
                SELECT c.currency, count(*), sum(c.amount_minor), count(o.published_at)
                FROM credit c LEFT JOIN credit_outbox o USING (credit_id)
                WHERE c.outage_id = ? GROUP BY c.currency
                """, rs -> {
            totals.put(rs.getString(1), rs.getLong(3));
            counts[0] += rs.getLong(2);
            counts[1] += rs.getLong(4);
        }, outageId);
        return new Booked(counts[0], totals, counts[1]);
    }

    /**
     * Hands every credit of an outage to {@code each}, in subscriber order, reading the rows with a cursor so that
     * an outage of millions of credits is never held in memory.
     */
    @Transactional(readOnly = true)
    public void streamOutage(String outageId, Consumer<BookedCredit> each) {
        jdbc.query(con -> {
            var ps = con.prepareStatement(SELECT + " WHERE c.outage_id = ? ORDER BY c.subscriber_id, c.credit_id");
            ps.setFetchSize(STREAM_FETCH_SIZE);
            ps.setString(1, outageId);
            return ps;
        }, rs -> {
            each.accept(credit(rs));
        });
    }

    private static BookedCredit credit(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new BookedCredit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10),
                rs.getString(11), rs.getTimestamp(12).toInstant(), rs.getString(13), rs.getBoolean(14));
    }
}
