package io.faultline.compensation.billing;

import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceReleased;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code invoice} table: every invoice the guard saw, its hold and its release. */
@Repository
public class InvoiceBook {

    /** An invoice as the guard left it. */
    public record Entry(String invoiceId, String accountId, String segment, long amountMinor, String currency,
                        String status, String holdReason, Long thresholdMinor, Instant heldAt, boolean holdPublished,
                        Long releasedAmountMinor, String releasedBy, Instant releasedAt, String releaseReason,
                        boolean releasePublished) {

        /** The hold event of this entry (it must be held or released). */
        public InvoiceHeld held() {
            return new InvoiceHeld(holdIdOf(invoiceId), invoiceId, accountId, holdReason, amountMinor,
                    thresholdMinor, currency, heldAt);
        }

        /** The release event of this entry (it must be released). */
        public InvoiceReleased released() {
            return new InvoiceReleased(holdIdOf(invoiceId), invoiceId, accountId, releasedAmountMinor, amountMinor,
                    currency, releasedAmountMinor != amountMinor, releasedBy, releaseReason, releasedAt);
        }
    }

    private static final String COLUMNS = "invoice_id, account_id, segment, amount_minor, currency, status,"
            + " hold_reason, threshold_minor, held_at, hold_published, released_amount_minor, released_by,"
            + " released_at, release_reason, release_published";

    private final JdbcTemplate jdbc;

    public InvoiceBook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The deterministic hold id of an invoice. */
    public static String holdIdOf(String invoiceId) {
        return "hold:" + invoiceId;
    }

    /** An invoice seen before. */
    public Optional<Entry> find(String invoiceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM invoice WHERE invoice_id = ?", InvoiceBook::entry, invoiceId)
                .stream().findFirst();
    }

    /** Totals of the account's last invoices in a currency issued before {@code before}, newest first. */
    public List<Long> earlierTotals(String accountId, String currency, Instant before, int limit) {
        return jdbc.queryForList("""
                SELECT amount_minor FROM invoice
                WHERE account_id = ? AND currency = ? AND issued_at < ?
                ORDER BY issued_at DESC LIMIT ?
                """, Long.class, accountId, currency, timestamp(before), limit);
    }

    /** Records an invoice, held or cleared; an invoice already recorded is left as it is. */
    public void record(Invoice invoice, Optional<BillShockGuard.Hold> hold, Instant at) {
        jdbc.update("""
                INSERT INTO invoice (invoice_id, account_id, segment, amount_minor, currency, period_start, period_end,
                                     issued_at, status, hold_reason, threshold_minor, held_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (invoice_id) DO NOTHING
                """, invoice.invoiceId(), invoice.accountId(), invoice.segment(), invoice.amountMinor(),
                invoice.currency(), invoice.periodStart(), invoice.periodEnd(), timestamp(invoice.issuedAt()),
                hold.isPresent() ? "HELD" : "CLEARED", hold.map(BillShockGuard.Hold::reason).orElse(null),
                hold.map(BillShockGuard.Hold::thresholdMinor).orElse(null), hold.isPresent() ? timestamp(at) : null);
    }

    /** Marks the hold, or the release, of an invoice as on the topic. */
    public void markPublished(String invoiceId, boolean release) {
        jdbc.update("UPDATE invoice SET " + (release ? "release_published" : "hold_published")
                + " = true WHERE invoice_id = ?", invoiceId);
    }

    /**
     * Releases a held invoice with the total to send; returns whether this call released it (false when it was not
     * held any more).
     */
    public boolean release(String invoiceId, long amountMinor, String user, String reason, Instant at) {
        return jdbc.update("""
                UPDATE invoice SET status = 'RELEASED', released_amount_minor = ?, released_by = ?, released_at = ?,
                                   release_reason = ?
                WHERE invoice_id = ? AND status = 'HELD'
                """, amountMinor, user, timestamp(at), reason, invoiceId) == 1;
    }

    /** Invoices on hold, oldest hold first. */
    public List<Entry> held() {
        return jdbc.query("SELECT " + COLUMNS + " FROM invoice WHERE status = 'HELD' ORDER BY held_at",
                InvoiceBook::entry);
    }

    /** Holds and releases recorded but not yet on the topic (the service stopped in between). */
    public List<Entry> unpublished() {
        return jdbc.query("SELECT " + COLUMNS + " FROM invoice WHERE (status <> 'CLEARED' AND NOT hold_published)"
                + " OR (status = 'RELEASED' AND NOT release_published) ORDER BY held_at", InvoiceBook::entry);
    }

    /** Number of invoices on hold. */
    public long heldCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM invoice WHERE status = 'HELD'", Long.class);
        return count == null ? 0 : count;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), (Long) rs.getObject(8), instant(rs, 9), rs.getBoolean(10),
                (Long) rs.getObject(11), rs.getString(12), instant(rs, 13), rs.getString(14), rs.getBoolean(15));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
