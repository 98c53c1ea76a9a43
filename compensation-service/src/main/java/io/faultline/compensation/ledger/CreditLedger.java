package io.faultline.compensation.ledger;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.serde.EventJson;
import io.faultline.compensation.policy.ComputedCredit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credit ledger. Each credit is booked at most once: a page of credits is inserted in one statement with
 * {@code ON CONFLICT DO NOTHING}, and only the credits that statement actually inserted get an outbox row, in the
 * same transaction. Booking the same credits again (a replayed outage) changes nothing and returns nothing.
 */
@Repository
public class CreditLedger {

    private static final String BOOK = """
            WITH page AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[],
                                     ?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                    WITH ORDINALITY AS p(credit_id, outage_id, policy_id, policy_version, subscriber_id,
                                         billing_account, kind, amount_minor, currency, tax_included, reason_code,
                                         trace, payload, ord)
            ), booked AS (
                INSERT INTO credit (credit_id, outage_id, policy_id, policy_version, subscriber_id, billing_account,
                                    kind, amount_minor, currency, tax_included, reason_code, trace, granted_at)
                SELECT credit_id, outage_id, policy_id, policy_version, subscriber_id, billing_account, kind,
                       amount_minor, currency, tax_included, reason_code, trace::jsonb, ?
                FROM page ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING credit_id
            )
            INSERT INTO credit_outbox (credit_id, payload, created_at)
            SELECT page.credit_id, page.payload::jsonb, ?
            FROM page JOIN booked USING (credit_id)
            ORDER BY page.ord
            RETURNING credit_id
            """;

    private final JdbcTemplate jdbc;

    public CreditLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Books a page of credits granted at {@code grantedAt} and returns the events of those that were not booked
     * before, in the order given.
     */
    @Transactional
    public List<CreditGranted> book(List<ComputedCredit> credits, Instant grantedAt) {
        if (credits.isEmpty()) {
            return List.of();
        }
        Instant at = grantedAt.truncatedTo(ChronoUnit.MICROS);
        Map<UUID, CreditGranted> events = new HashMap<>(credits.size() * 2);
        for (ComputedCredit credit : credits) {
            events.put(credit.creditId(), credit.granted(at));
        }
        List<UUID> booked = jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(BOOK);
            int i = 0;
            ps.setArray(++i, con.createArrayOf("uuid", credits.stream().map(ComputedCredit::creditId).toArray()));
            ps.setArray(++i, text(con, credits, ComputedCredit::outageId));
            ps.setArray(++i, text(con, credits, ComputedCredit::policyId));
            ps.setArray(++i, con.createArrayOf("int4", credits.stream().map(ComputedCredit::policyVersion).toArray()));
            ps.setArray(++i, text(con, credits, ComputedCredit::subscriberId));
            ps.setArray(++i, text(con, credits, ComputedCredit::billingAccount));
            ps.setArray(++i, text(con, credits, c -> c.kind().name()));
            ps.setArray(++i, con.createArrayOf("int8", credits.stream().map(ComputedCredit::amountMinor).toArray()));
            ps.setArray(++i, text(con, credits, ComputedCredit::currency));
            ps.setArray(++i, con.createArrayOf("bool", credits.stream().map(ComputedCredit::taxIncluded).toArray()));
            ps.setArray(++i, text(con, credits, ComputedCredit::reasonCode));
            ps.setArray(++i, text(con, credits, c -> EventJson.writeString(c.trace())));
            ps.setArray(++i, text(con, credits, c -> EventJson.writeString(events.get(c.creditId()))));
            OffsetDateTime timestamp = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            ps.setObject(++i, timestamp);
            ps.setObject(++i, timestamp);
            return ps;
        }, (rs, n) -> rs.getObject(1, UUID.class));
        return booked.stream().map(events::get).toList();
    }

    /** Number of credits booked for an outage under a policy version. */
    public long count(String outageId, String policyId, int policyVersion) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM credit WHERE outage_id = ? AND policy_id = ? AND policy_version = ?",
                Long.class, outageId, policyId, policyVersion);
        return count == null ? 0 : count;
    }

    private static java.sql.Array text(Connection con, List<ComputedCredit> credits,
                                       Function<ComputedCredit, String> field) throws SQLException {
        return con.createArrayOf("text", credits.stream().map(field).toArray());
    }
}
