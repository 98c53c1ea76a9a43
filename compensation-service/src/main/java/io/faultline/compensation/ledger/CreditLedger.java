package io.faultline.compensation.ledger;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.serde.EventJson;
import io.faultline.compensation.policy.ComputedCredit;
import io.faultline.compensation.policy.EligibilityCriteria;
import io.faultline.compensation.subscribers.SubscriberStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
                                     ?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[])
                    WITH ORDINALITY AS p(credit_id, outage_id, policy_id, policy_version, subscriber_id,
                                         billing_account, kind, amount_minor, currency, tax_included, reason_code,
                                         trace, ord)
            ), booked AS (
                INSERT INTO credit (credit_id, outage_id, policy_id, policy_version, subscriber_id, billing_account,
                                    kind, amount_minor, currency, tax_included, reason_code, trace, granted_at)
                SELECT credit_id, outage_id, policy_id, policy_version, subscriber_id, billing_account, kind,
                       amount_minor, currency, tax_included, reason_code, trace::jsonb, ?
                FROM page ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING credit_id
            )
            INSERT INTO credit_outbox (credit_id, created_at)
            SELECT page.credit_id, ?
            FROM page JOIN booked USING (credit_id)
            ORDER BY page.ord
            RETURNING credit_id
            """;

    private static final String BOOK_BY_PROFILE = """
            WITH candidates AS MATERIALIZED (
                SELECT id, billing_account, profile AS fingerprint
                FROM subscriber
                WHERE id > ? AND %s
                ORDER BY id
                LIMIT ?
            ), page AS MATERIALIZED (
                SELECT c.id, c.billing_account, p.awarded, p.per_account, p.kind, p.amount_minor, p.currency,
                       p.tax_included, p.reason_code, p.trace
                FROM candidates c LEFT JOIN grant_profile p ON p.run_id = ? AND p.fingerprint = c.fingerprint
            ), alone AS MATERIALIZED (
                SELECT id FROM page
                WHERE awarded IS NULL
                   OR per_account AND billing_account IN (SELECT billing_account FROM page WHERE awarded IS NULL)
            ), awarded AS MATERIALIZED (
                SELECT page.*, md5(convert_to(? || CASE WHEN per_account THEN 'account:' || billing_account ELSE id END,
                                              'UTF8')) AS name_md5
                FROM page WHERE awarded AND id NOT IN (SELECT id FROM alone)
            ), booked AS (
                INSERT INTO credit (credit_id, outage_id, policy_id, policy_version, subscriber_id, billing_account,
                                    kind, amount_minor, currency, tax_included, reason_code, trace, granted_at)
                SELECT faultline_name_uuid_of_md5(name_md5), ?, ?, ?, id, billing_account, kind, amount_minor,
                       currency, tax_included, reason_code, trace, ?
                FROM awarded
                ORDER BY id
                ON CONFLICT DO NOTHING
                RETURNING credit_id, currency, amount_minor
            ), outboxed AS (
                INSERT INTO credit_outbox (credit_id, created_at) SELECT credit_id, ? FROM booked
            ), sums AS (
                SELECT currency::text AS currency, count(*) AS credits, sum(amount_minor)::bigint AS amount
                FROM booked GROUP BY currency
            )
            SELECT (SELECT max(id) FROM candidates) AS last_id,
                   (SELECT count(*) FROM candidates) AS candidates,
                   (SELECT array_agg(id ORDER BY id) FROM alone) AS unprofiled,
                   (SELECT array_agg(currency ORDER BY currency) FROM sums) AS currencies,
                   (SELECT array_agg(credits ORDER BY currency) FROM sums) AS credits,
                   (SELECT array_agg(amount ORDER BY currency) FROM sums) AS amounts
            """;

    private final JdbcTemplate jdbc;

    public CreditLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Books a page of credits granted at {@code grantedAt} and returns the events of those that were not booked
     * before, in the order given. Of credits with the same id (the lines of one account under a grant per account)
     * the first is booked.
     */
    @Transactional
    public List<CreditGranted> book(List<ComputedCredit> page, Instant grantedAt) {
        if (page.isEmpty()) {
            return List.of();
        }
        Instant at = grantedAt.truncatedTo(ChronoUnit.MICROS);
        Map<UUID, ComputedCredit> firstById = new LinkedHashMap<>(page.size() * 2);
        Map<UUID, CreditGranted> events = new HashMap<>(page.size() * 2);
        for (ComputedCredit credit : page) {
            if (firstById.putIfAbsent(credit.creditId(), credit) == null) {
                events.put(credit.creditId(), credit.granted(at));
            }
        }
        List<ComputedCredit> credits = List.copyOf(firstById.values());
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
            OffsetDateTime timestamp = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            ps.setObject(++i, timestamp);
            ps.setObject(++i, timestamp);
            return ps;
        }, (rs, n) -> rs.getObject(1, UUID.class));
        return booked.stream().map(events::get).toList();
    }

    /**
     * Books the credits of the next page of candidates of a run by their profiles, without reading the lines: each
     * candidate with a profile the run recorded ({@link GrantProfiles}) gets that profile's award, in one statement
     * that writes the credits and their outbox rows, {@code ON CONFLICT DO NOTHING}. A grant per account goes to
     * the account's first line in id order, as {@link #book} does. Candidates whose profile the run did not record
     * are booked nothing here: their ids come back, to be assessed on their own, with those of the lines of their
     * accounts that a grant per account would pay (so that the account's first line is still the one paid).
     *
     * @param afterId the last candidate id of the previous page, or "" for the first
     */
    @Transactional
    public ProfilePage bookByProfile(long runId, String outageId, String policyId, int policyVersion,
                                     EligibilityCriteria criteria, String afterId, int limit, Instant grantedAt) {
        if (criteria.matchesNobody()) {
            return new ProfilePage(null, 0, List.of(), Map.of());
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(grantedAt.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        String sql = BOOK_BY_PROFILE.formatted(SubscriberStore.candidateFilter(criteria));
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setString(1, afterId);
            int i = SubscriberStore.bindCandidateFilter(con, ps, 1, criteria);
            ps.setInt(++i, limit);
            ps.setLong(++i, runId);
            ps.setString(++i, outageId + "|" + policyId + "@" + policyVersion + "|");
            ps.setString(++i, outageId);
            ps.setString(++i, policyId);
            ps.setInt(++i, policyVersion);
            ps.setObject(++i, at);
            ps.setObject(++i, at);
            return ps;
        }, rs -> {
            rs.next();
            Map<String, Booked> booked = new TreeMap<>();
            String[] currencies = strings(rs.getArray("currencies"));
            Long[] credits = (Long[]) arrayOrEmpty(rs.getArray("credits"), new Long[0]);
            Long[] amounts = (Long[]) arrayOrEmpty(rs.getArray("amounts"), new Long[0]);
            for (int c = 0; c < currencies.length; c++) {
                booked.put(currencies[c], new Booked(credits[c], amounts[c]));
            }
            return new ProfilePage(rs.getString("last_id"), rs.getInt("candidates"),
                    List.of(strings(rs.getArray("unprofiled"))), booked);
        });
    }

    /**
     * What {@link #bookByProfile} did with one page.
     *
     * @param lastId     the last candidate id of the page, where the next page starts; null when there was none
     * @param candidates candidates in the page
     * @param unprofiled ids of the candidates to assess on their own, in id order: those whose profile the run did
     *                   not record, and the lines paid per account of the same accounts
     * @param booked     credits newly booked, per currency
     */
    public record ProfilePage(String lastId, int candidates, List<String> unprofiled, Map<String, Booked> booked) {

        public ProfilePage {
            unprofiled = List.copyOf(unprofiled);
            booked = Map.copyOf(booked);
        }
    }

    /** Credits newly booked in one currency and their amount in minor units. */
    public record Booked(long credits, long amountMinor) {
    }

    /** Number of credits booked for an outage under a policy version. */
    public long count(String outageId, String policyId, int policyVersion) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM credit WHERE outage_id = ? AND policy_id = ? AND policy_version = ?",
                Long.class, outageId, policyId, policyVersion);
        return count == null ? 0 : count;
    }

    private static String[] strings(java.sql.Array array) throws SQLException {
        return (String[]) arrayOrEmpty(array, new String[0]);
    }

    private static Object[] arrayOrEmpty(java.sql.Array array, Object[] empty) throws SQLException {
        return array == null ? empty : (Object[]) array.getArray();
    }

    private static java.sql.Array text(Connection con, List<ComputedCredit> credits,
                                       Function<ComputedCredit, String> field) throws SQLException {
        return con.createArrayOf("text", credits.stream().map(field).toArray());
    }
}
