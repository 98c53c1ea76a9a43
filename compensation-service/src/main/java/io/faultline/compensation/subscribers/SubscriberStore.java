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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscriber table: what compensation needs to know of each line, without contact data. A poll is written as
 * one upsert statement per 5,000 subscribers (one array per column, unnested into rows) that never lets an older
 * CRM version overwrite a newer one; reads are keyset pages of candidates.
 */
@Repository
public class SubscriberStore {

    private static final String UPSERT = """
            INSERT INTO subscriber (id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges,
                                    services, unlimited_data, home_region, platforms, updated_at)
            SELECT id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges::jsonb,
                   services::text[], unlimited_data, home_region, platforms::text[], updated_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                AS s(id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges, services,
                     unlimited_data, home_region, platforms, updated_at)
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

    private static final int ROWS_PER_STATEMENT = 5_000;

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
        for (int from = 0; from < upserts.size(); from += ROWS_PER_STATEMENT) {
            upsert(upserts.subList(from, Math.min(upserts.size(), from + ROWS_PER_STATEMENT)));
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
     * first page). The next page starts after the last id of this one. The subscribers carry no msisdn, email or
     * contact preferences: this service does not keep them.
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

    /**
     * Reads every candidate for the criteria in keyset pages of {@code pageSize}, in id order, handing each page to
     * {@code page}. Only one page is in memory at a time.
     */
    public void forEachCandidatePage(EligibilityCriteria criteria, int pageSize, Consumer<List<Subscriber>> page) {
        String after = "";
        while (true) {
            List<Subscriber> candidates = findCandidates(criteria, after, pageSize);
            if (candidates.isEmpty()) {
                return;
            }
            page.accept(candidates);
            if (candidates.size() < pageSize) {
                return;
            }
            after = candidates.getLast().subscriberId();
        }
    }

    /** Number of subscribers stored. */
    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM subscriber", Long.class);
        return count == null ? 0 : count;
    }

    /** Upserts distinct subscribers in one statement: one array per column, unnested into rows. */
    private void upsert(List<Subscriber> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] brands = new String[n];
        String[] accounts = new String[n];
        String[] segments = new String[n];
        String[] locales = new String[n];
        String[] planIds = new String[n];
        String[] planTypes = new String[n];
        String[] currencies = new String[n];
        String[] charges = new String[n];
        String[] services = new String[n];
        Boolean[] unlimited = new Boolean[n];
        String[] regions = new String[n];
        String[] platforms = new String[n];
        String[] updatedAt = new String[n];
        for (int i = 0; i < n; i++) {
            Subscriber s = rows.get(i);
            Plan plan = s.plan();
            ids[i] = s.subscriberId();
            brands[i] = s.brand();
            accounts[i] = s.billingAccount();
            segments[i] = s.segment();
            locales[i] = s.locale();
            planIds[i] = plan.planId();
            planTypes[i] = plan.type().name();
            currencies[i] = plan.currency();
            charges[i] = EventJson.writeString(plan.charges());
            services[i] = arrayLiteral(plan.services().stream().map(Enum::name).sorted().toList());
            unlimited[i] = plan.unlimitedData();
            regions[i] = s.homeRegion();
            platforms[i] = arrayLiteral(s.platforms().stream().sorted().toList());
            updatedAt[i] = s.updatedAt().toString();
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(UPSERT);
            int i = 0;
            for (Object[] column : new Object[][] {ids, brands, accounts, segments, locales, planIds, planTypes,
                    currencies, charges, services}) {
                ps.setArray(++i, con.createArrayOf("text", column));
            }
            ps.setArray(++i, con.createArrayOf("bool", unlimited));
            for (Object[] column : new Object[][] {regions, platforms, updatedAt}) {
                ps.setArray(++i, con.createArrayOf("text", column));
            }
            return ps;
        });
    }

    /** A PostgreSQL array literal of text values, e.g. {@code {"HLR-1","VM-1"}}. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
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
