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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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

    /** Everything a policy reads of a line but its ids and platforms (see {@link LineProfile}). */
    private static final String PROFILE_COLUMNS =
            "brand, segment, home_region, plan_id, plan_type, currency, charges, services, unlimited_data";

    private static final String CANDIDATE_FILTER = """
            (home_region = ANY (?) OR platforms && ?)
              AND services && ?
              AND plan_type = ANY (?)
            """;

    /**
     * The SQL expression of a subscriber row's profile fingerprint, stored in its {@code profile} column by every
     * upsert (and by migration V7 for older rows): a UUID made of the MD5 of its profile columns as a row literal
     * (which quotes each column, so two different profiles never share the text).
     */
    public static final String FINGERPRINT = "md5(ROW(" + PROFILE_COLUMNS + ")::text)::uuid";

    private static final String UPSERT = """
            INSERT INTO subscriber (id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges,
                                    services, unlimited_data, home_region, platforms, updated_at, profile)
            SELECT id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges, services,
                   unlimited_data, home_region, platforms, updated_at, %s
            FROM (SELECT id, brand, billing_account, segment, locale, plan_id, plan_type, currency::char(3) AS currency,
                         charges::jsonb AS charges, services::text[] AS services, unlimited_data, home_region,
                         platforms::text[] AS platforms, updated_at::timestamptz AS updated_at
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                      AS s(id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges, services,
                           unlimited_data, home_region, platforms, updated_at)) AS typed
            ON CONFLICT (id) DO UPDATE SET
                brand = excluded.brand, billing_account = excluded.billing_account, segment = excluded.segment,
                locale = excluded.locale, plan_id = excluded.plan_id, plan_type = excluded.plan_type,
                currency = excluded.currency, charges = excluded.charges, services = excluded.services,
                unlimited_data = excluded.unlimited_data, home_region = excluded.home_region,
                platforms = excluded.platforms, updated_at = excluded.updated_at, profile = excluded.profile
            WHERE excluded.updated_at >= subscriber.updated_at
            """.formatted(FINGERPRINT);

    private static final String CANDIDATES = """
            SELECT id, brand, billing_account, segment, locale, plan_id, plan_type, currency, charges::text, services,
                   unlimited_data, home_region, platforms, updated_at
            FROM subscriber
            """;

    private static final int ROWS_PER_STATEMENT = 5_000;
    private static final int PROFILE_FETCH_SIZE = 1_000;
    private static final String PROFILE_WORK_MEM = "64MB";
    private static final Instant PROFILE_TIME = Instant.EPOCH;

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
        String sql = CANDIDATES + "WHERE id > ? AND " + candidateFilter(criteria) + " ORDER BY id LIMIT ?";
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setString(1, afterId);
            int i = bindCandidateFilter(con, ps, 1, criteria);
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

    /**
     * Groups the candidates for the criteria into {@link LineProfile profiles}, lines every policy assesses alike,
     * and hands each profile to {@code profile}, in no particular order. PostgreSQL does the grouping on the stored
     * fingerprint (in parallel where it can, into a temporary table of this transaction); only the profiles travel,
     * streamed, so the number of lines does not bear on memory here.
     *
     * @return the number of profiles
     */
    @Transactional
    public long forEachProfile(EligibilityCriteria criteria, Consumer<LineProfile> profile) {
        if (criteria.matchesNobody()) {
            return 0;
        }
        jdbc.execute("DROP TABLE IF EXISTS line_profile");
        // Room to hash the profiles in memory (in parallel on a large table) instead of sorting every line on disk.
        jdbc.execute("SET LOCAL work_mem = '" + PROFILE_WORK_MEM + "'");
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("CREATE TEMPORARY TABLE line_profile ON COMMIT DROP AS"
                    + " SELECT p.profile, p.lines, s.id, s.billing_account, " + PROFILE_COLUMNS
                    + " FROM (SELECT profile, count(*) AS lines, min(id) AS first_id FROM subscriber WHERE "
                    + candidateFilter(criteria) + " GROUP BY profile) AS p JOIN subscriber s ON s.id = p.first_id");
            bindCandidateFilter(con, ps, 0, criteria);
            return ps;
        });
        Set<String> inScope = Set.copyOf(criteria.elements());
        long[] profiles = {0};
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT id, billing_account, brand, segment, home_region,"
                    + " plan_id, plan_type, currency, charges::text, services, unlimited_data, profile, lines"
                    + " FROM line_profile");
            ps.setFetchSize(PROFILE_FETCH_SIZE);
            return ps;
        }, rs -> {
            profiles[0]++;
            Subscriber example = new Subscriber(rs.getString("id"), null, null, "und", rs.getString("brand"),
                    rs.getString("billing_account"), rs.getString("segment"), plan(rs), rs.getString("home_region"),
                    inScope, ContactPreferences.DEFAULT, false, PROFILE_TIME);
            profile.accept(new LineProfile(example, rs.getLong("lines"), rs.getObject("profile", UUID.class)));
        });
        return profiles[0];
    }

    /**
     * Candidate lines that every policy assesses alike: the same brand, segment, home region and plan (id, type,
     * currency, charges, services, unlimited data), which are everything a policy reads of a line except its ids.
     *
     * @param example     the candidate of the profile with the lowest id, with the outage's elements as its
     *                    platforms (every line of the profile is in the outage's scope)
     * @param lines       how many candidate lines have the profile
     * @param fingerprint the {@code profile} column ({@link #FINGERPRINT}) of every line of the profile
     */
    public record LineProfile(Subscriber example, long lines, UUID fingerprint) {
    }

    /**
     * The SQL condition (over the {@code subscriber} table's columns) of a candidate for the criteria, with
     * placeholders that {@link #bindCandidateFilter} binds.
     */
    public static String candidateFilter(EligibilityCriteria criteria) {
        return CANDIDATE_FILTER + (criteria.brands().isEmpty() ? "" : " AND brand = ANY (?)");
    }

    /**
     * Binds the placeholders of {@link #candidateFilter} from parameter {@code after + 1} on.
     *
     * @return the index of the last parameter bound
     */
    public static int bindCandidateFilter(Connection con, PreparedStatement ps, int after, EligibilityCriteria criteria)
            throws SQLException {
        int i = after;
        ps.setArray(++i, textArray(con, criteria.regions()));
        ps.setArray(++i, textArray(con, criteria.elements()));
        ps.setArray(++i, textArray(con, criteria.services().stream().map(Enum::name).toList()));
        ps.setArray(++i, textArray(con, criteria.planTypes().stream().map(Enum::name).toList()));
        if (!criteria.brands().isEmpty()) {
            ps.setArray(++i, textArray(con, criteria.brands()));
        }
        return i;
    }

    /** The stored lines of the given ids, in id order; the ids not stored are left out. */
    public List<Subscriber> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(CANDIDATES + "WHERE id = ANY (?) ORDER BY id");
            ps.setArray(1, textArray(con, ids));
            return ps;
        }, (rs, n) -> subscriber(rs));
    }

    /**
     * Has PostgreSQL analyze the table when more than a tenth of it changed since it last did, as after a bulk
     * load: with the statistics of a nearly empty table the planner reads the whole table for every keyset page of
     * candidates instead of walking the primary key (measured: 6 times slower per page at 1M lines).
     *
     * @return whether it analyzed
     */
    public boolean analyzeIfStale() {
        Boolean stale = jdbc.queryForObject("""
                SELECT coalesce(last_analyze, last_autoanalyze) IS NULL
                       OR n_mod_since_analyze > greatest(1000, n_live_tup / 10)
                FROM pg_stat_user_tables WHERE relid = 'subscriber'::regclass
                """, Boolean.class);
        if (Boolean.TRUE.equals(stale)) {
            jdbc.execute("ANALYZE subscriber");
            return true;
        }
        return false;
    }

    /**
     * The lines of a billing account, lowest subscriber id first, at most {@code limit}: whom to tell about the
     * account's held invoice (the data names no account holder).
     */
    public List<String> linesOfAccount(String billingAccount, int limit) {
        return jdbc.queryForList("SELECT id FROM subscriber WHERE billing_account = ? ORDER BY id LIMIT ?",
                String.class, billingAccount, limit);
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
        Timestamp updatedAt = rs.getTimestamp("updated_at");
        return new Subscriber(rs.getString("id"), null, null, rs.getString("locale"), rs.getString("brand"),
                rs.getString("billing_account"), rs.getString("segment"), plan(rs), rs.getString("home_region"),
                new HashSet<>(strings(rs.getArray("platforms"))), ContactPreferences.DEFAULT, false,
                updatedAt.toInstant());
    }

    private static Plan plan(ResultSet rs) throws SQLException {
        List<ChargeComponent> charges = Arrays.asList(
                EventJson.mapper().readValue(rs.getString("charges"), ChargeComponent[].class));
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (String service : strings(rs.getArray("services"))) {
            services.add(Service.valueOf(service));
        }
        return new Plan(rs.getString("plan_id"), PlanType.valueOf(rs.getString("plan_type")),
                rs.getString("currency"), charges, services, rs.getBoolean("unlimited_data"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Array textArray(Connection con, Collection<String> values) throws SQLException {
        return con.createArrayOf("text", values.toArray());
    }
}
