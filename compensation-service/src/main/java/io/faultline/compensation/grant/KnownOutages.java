package io.faultline.compensation.grant;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code outage} table: the latest version of every outage of {@code outages.v1}, whatever its stage. */
@Repository
public class KnownOutages {

    private final JdbcTemplate jdbc;

    public KnownOutages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the event's snapshot unless a later version is already known. */
    public void remember(OutageEvent event, Instant at) {
        OutageSnapshot outage = event.outage();
        jdbc.update("""
                INSERT INTO outage (outage_id, version, status, snapshot, updated_at) VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (outage_id) DO UPDATE
                SET version = EXCLUDED.version, status = EXCLUDED.status, snapshot = EXCLUDED.snapshot,
                    updated_at = EXCLUDED.updated_at
                WHERE outage.version <= EXCLUDED.version
                """, outage.outageId(), outage.version(), event.status().name(), EventJson.writeString(outage),
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** The latest known version of an outage. */
    public Optional<OutageSnapshot> latest(String outageId) {
        return jdbc.query("SELECT snapshot::text FROM outage WHERE outage_id = ?",
                (rs, n) -> EventJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), OutageSnapshot.class),
                outageId).stream().findFirst();
    }
}
