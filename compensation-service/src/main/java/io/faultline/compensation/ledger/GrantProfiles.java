package io.faultline.compensation.ledger;

import io.faultline.common.serde.EventJson;
import io.faultline.compensation.policy.Award;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code grant_profile} table: what a compensation run grants each line profile, recorded when the run starts
 * so that {@link CreditLedger#bookByProfile} books the run's credits without reading the lines. A run's profiles
 * are forgotten when it ends. Those of a run that ended without forgetting them (a killed service, once a later run
 * of its outage and policy has marked it abandoned) are forgotten when any run after that one starts.
 */
@Repository
public class GrantProfiles {

    /**
     * What a run grants the lines of one profile.
     *
     * @param fingerprint the profile's fingerprint ({@code SubscriberStore.FINGERPRINT})
     * @param award       the award to each line of the profile, or null for none
     */
    public record Entry(UUID fingerprint, Award award) {
    }

    private static final String INSERT = """
            INSERT INTO grant_profile (run_id, fingerprint, awarded, per_account, kind, amount_minor, currency,
                                       tax_included, reason_code, trace)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            """;

    private final JdbcTemplate jdbc;

    public GrantProfiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records what run {@code runId} grants the given profiles. */
    public void record(long runId, List<Entry> entries) {
        jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Entry entry = entries.get(i);
                Award award = entry.award();
                ps.setLong(1, runId);
                ps.setObject(2, entry.fingerprint());
                ps.setBoolean(3, award != null);
                ps.setBoolean(4, award != null && award.perAccount());
                if (award == null) {
                    for (int column = 5; column <= 10; column++) {
                        ps.setNull(column, column == 6 ? Types.BIGINT : column == 8 ? Types.BOOLEAN : Types.VARCHAR);
                    }
                    return;
                }
                ps.setString(5, award.kind().name());
                ps.setLong(6, award.amountMinor());
                ps.setString(7, award.currency());
                ps.setBoolean(8, award.taxIncluded());
                ps.setString(9, award.reasonCode());
                ps.setString(10, EventJson.writeString(award.trace()));
            }

            @Override
            public int getBatchSize() {
                return entries.size();
            }
        });
    }

    /**
     * Refreshes the planner's statistics of the table once a run has recorded its profiles. Without them the
     * planner may take the freshly filled table for empty and join every candidate of a page against every profile.
     */
    public void analyze() {
        jdbc.execute("ANALYZE grant_profile");
    }

    /** Forgets the profiles of a run. */
    public void forget(long runId) {
        jdbc.update("DELETE FROM grant_profile WHERE run_id = ?", runId);
    }

    /** Forgets the profiles of every run that is no longer running. */
    public int forgetEnded() {
        return jdbc.update("""
                DELETE FROM grant_profile
                WHERE run_id IN (SELECT run_id FROM outage_compensation WHERE status <> 'RUNNING')
                """);
    }
}
