package io.faultline.compensation.outbox;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code credit_outbox_position} table: per partition of a topic, the offset up to which every credit on the
 * topic is marked published in the outbox. Advanced in the same database transaction as the marks.
 */
@Repository
public class PublishedPositions {

    private final JdbcTemplate jdbc;

    public PublishedPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored positions by partition; empty when the relay never recorded any. */
    public Map<Integer, Long> of(String topic) {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM credit_outbox_position WHERE topic = ?",
                rs -> {
                    positions.put(rs.getInt(1), rs.getLong(2));
                }, topic);
        return positions;
    }

    /** Moves positions forward (never back) to the given next offsets. */
    public void advance(String topic, Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((partition, next) -> jdbc.update("""
                INSERT INTO credit_outbox_position (topic, partition, next_offset, updated_at)
                VALUES (?, ?, ?, now())
                ON CONFLICT (topic, partition) DO UPDATE
                SET next_offset = GREATEST(credit_outbox_position.next_offset, EXCLUDED.next_offset),
                    updated_at = EXCLUDED.updated_at
                """, topic, partition, next));
    }
}
