package io.faultline.compensation.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which compensation instance relays the outbox: the one holding a PostgreSQL session advisory lock, on a
 * connection it keeps for as long as it leads. When that instance dies its connection closes and the lock is free
 * for another; an instance that loses its connection stops leading at its next check.
 */
public class RelayLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);

    private final DataSource dataSource;
    private final long lockKey;
    private Connection connection;

    /**
     * @param dataSource where the lock lives
     * @param lockKey    the advisory lock's key, the same for every instance of the service
     */
    public RelayLeadership(DataSource dataSource, long lockKey) {
        this.dataSource = dataSource;
        this.lockKey = lockKey;
    }

    /**
     * Whether this instance leads: it still holds the lock, or has just taken it. Never throws; a database that
     * cannot be reached means not leading.
     */
    public synchronized boolean lead() {
        try {
            if (connection != null) {
                if (connection.isValid(2) && holdsLock()) {
                    return true;
                }
                log.warn("Lost the outbox relay lock; another instance may relay now");
                release();
            }
            Connection candidate = dataSource.getConnection();
            candidate.setAutoCommit(true);
            try (PreparedStatement ps = candidate.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, lockKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        connection = candidate;
                        log.info("This instance now relays the credit outbox");
                        return true;
                    }
                }
            }
            candidate.close();
            return false;
        } catch (SQLException e) {
            log.warn("Cannot take or check the outbox relay lock: {}", e.toString());
            release();
            return false;
        }
    }

    private boolean holdsLock() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_locks
                               WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                                 AND ((classid::bigint << 32) | objid::bigint) = ?)
                """)) {
            ps.setLong(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Gives up the lock, if held. */
    public synchronized void release() {
        if (connection == null) {
            return;
        }
        try (Connection closing = connection) {
            closing.createStatement().execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            log.debug("Releasing the outbox relay lock: {}", e.toString());
        }
        connection = null;
    }

    @Override
    public void close() {
        release();
    }
}
