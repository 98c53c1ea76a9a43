package io.faultline.compensation.subscribers;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import io.faultline.compensation.policy.EligibilityCriteria;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscriber table: what compensation needs to know of each line, without contact data. Writes are batch
 * upserts that never let an older CRM version overwrite a newer one; reads are keyset pages of candidates.
 */
@Repository
public class SubscriberStore {

    private static final String UPSERT = """
            INSERT INTO subscriber (id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges,
                                    services, unlimited_data, home_region, platforms, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                brand = excluded.brand, billing_account = excluded.billing_account, segment = excluded.segment,
                locale = excluded.locale, plan_id = excluded.plan_id, plan_type = excluded.plan_type,
                currency = excluded.currency, charges = excluded.charges, services = excluded.services,
                unlimited_data = excluded.unlimited_data, home_region = excluded.home_region,
                platforms = excluded.platforms, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= subscriber.updated_at
            """;

    private static final String CANDIDATES = """
            SELECT id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges::text, services,
                   unlimited_data, home_region, platforms, updated_at
            FROM subscriber
            WHERE id > ?
              AND (home_region = ANY (?) OR platforms && ?)
              AND services && ?
              AND plan_type = ANY (?)
            """;

    private static final int JDBC_BATCH = 1_000;

    private final JdbcTemplate jdbc;

    public SubscriberStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies the latest state of each key in one transaction: a subscriber is upserted unless the stored one is
     * newer, a null value (tombstone) deletes the key.
     */
    @Transactional
    public void apply(Map<String, Subscriber> latestByKey) {
        List<Subscriber> upserts = new ArrayList<>(latestByKey.size());
        List<String> deletes = new ArrayList<>();
        latestByKey.forEach((key, subscriber) -> {
            if (subscriber == null) {
                deletes.add(key);
            } else {
                upserts.add(subscriber);
            }
        });
        if (!upserts.isEmpty()) {
            jdbc.batchUpdate(UPSERT, upserts, JDBC_BATCH, SubscriberStore::bindUpsert);
        }
        if (!deletes.isEmpty()) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("DELETE FROM subscriber WHERE id = ANY (?)");
                ps.setArray(1, con.createArrayOf("text", deletes.toArray()));
                return ps;
            });
        }
    }

    /**
     * One page of candidates for the criteria, in id order, with ids greater than {@code afterId} ("" for the
     * first page). The next page starts after the last id of this one.
     */
    public List<Subscriber> findCandidates(EligibilityCriteria criteria, String afterId, int limit) {
        if (criteria.matchesNobody()) {
            return List.of();
        }
        boolean byBrand = !criteria.brands().isEmpty();
        String sql = CANDIDATES + (byBrand ? " AND brand = ANY (?)" : "") + " ORDER BY id LIMIT ?";
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            int i = 0;
            ps.setString(++i, afterId);
            ps.setArray(++i, textArray(con, criteria.regions()));
            ps.setArray(++i, textArray(con, criteria.elements()));
            ps.setArray(++i, textArray(con, criteria.services().stream().map(Enum::name).toList()));
            ps.setArray(++i, textArray(con, criteria.planTypes().stream().map(Enum::name).toList()));
            if (byBrand) {
                ps.setArray(++i, textArray(con, criteria.brands()));
            }
            ps.setInt(++i, limit);
            ps.setFetchSize(limit);
            return ps;
        }, (rs, n) -> subscriber(rs));
    }

    /** Number of subscribers stored. */
    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM subscriber", Long.class);
        return count == null ? 0 : count;
    }

    private static void bindUpsert(PreparedStatement ps, Subscriber s) throws SQLException {
        Connection con = ps.getConnection();
        Plan plan = s.plan();
        ps.setString(1, s.subscriberId());
        ps.setString(2, s.brand());
        ps.setString(3, s.billingAccount());
        ps.setString(4, s.segment());
        ps.setString(5, s.locale());
        ps.setString(6, plan.planId());
        ps.setString(7, plan.type().name());
        ps.setString(8, plan.currency());
        ps.setString(9, EventJson.writeString(plan.charges()));
        ps.setArray(10, textArray(con, plan.services().stream().map(Enum::name).sorted().toList()));
        ps.setBoolean(11, plan.unlimitedData());
        ps.setString(12, s.homeRegion());
        ps.setArray(13, textArray(con, s.platforms().stream().sorted().toList()));
        ps.setObject(14, OffsetDateTime.ofInstant(s.updatedAt(), ZoneOffset.UTC));
    }

    private static Subscriber subscriber(ResultSet rs) throws SQLException {
        List<ChargeComponent> charges = Arrays.asList(
                EventJson.mapper().readValue(rs.getString("charges"), ChargeComponent[].class));
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (String service : strings(rs.getArray("services"))) {
            services.add(Service.valueOf(service));
        }
        Plan plan = new Plan(rs.getString("plan_id"), PlanType.valueOf(rs.getString("plan_type")),
                rs.getString("currency"), charges, services, rs.getBoolean("unlimited_data"));
        Timestamp updatedAt = rs.getTimestamp("updated_at");
        return new Subscriber(rs.getString("id"), null, null, rs.getString("locale"), rs.getString("brand"),
                rs.getString("billing_account"), rs.getString("segment"), plan, rs.getString("home_region"),
                new HashSet<>(strings(rs.getArray("platforms"))), ContactPreferences.DEFAULT, false,
                updatedAt.toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Array textArray(Connection con, Collection<String> values) throws SQLException {
        return con.createArrayOf("text", values.toArray());
    }
}
