package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.Set;

/**
 * One notice decided by the fan-out, or by the bill-shock guard's hold of an invoice, to be delivered (internal
 * topic, in batches). Carries contact data: never log it unmasked.
 *
 * @param noticeId      durable dedupe key: outage, stage, subscriber, channel (hold, subscriber, channel)
 * @param outageId      outage told; for an invoice hold, the hold id
 * @param outageVersion version of the outage event (0 for an invoice hold)
 * @param stage         stage told; null for an invoice hold
 * @param subscriberId  recipient
 * @param channel       SMS or EMAIL
 * @param address       MSISDN or email address
 * @param locale        language of the message
 * @param brand         brand the message is signed with
 * @param vulnerable    recipient is flagged vulnerable
 * @param title         public outage title
 * @param services      affected services
 * @param startedAt     outage start
 * @param endedAt       outage end, null while open
 * @param decidedAt     event time of the decision
 * @param eta           when the operator expects the service back, null when unknown
 * @param publicMessage the NOC's public message on the outage, null when none
 * @param kind          what the notice is about (an outage when null)
 * @param invoice       the held invoice of an {@link NoticeKind#INVOICE_HOLD} notice, null otherwise
 */
public record NoticeRequest(String noticeId, String outageId, long outageVersion, OutageStatus stage,
                            String subscriberId, NoticeChannel channel, String address, String locale, String brand,
                            boolean vulnerable, String title, Set<Service> services, Instant startedAt,
                            Instant endedAt, Instant decidedAt, Instant eta,
                            String publicMessage, NoticeKind kind, HeldInvoice invoice) {

    public NoticeRequest {
        kind = kind == null ? NoticeKind.OUTAGE : kind;
        if ((kind == NoticeKind.INVOICE_HOLD) != (invoice != null)) {
            throw new IllegalArgumentException("an invoice-hold notice, and only one, names its invoice: " + noticeId);
        }
    }

    /** A notice about an outage. */
    public NoticeRequest(String noticeId, String outageId, long outageVersion, OutageStatus stage,
                         String subscriberId, NoticeChannel channel, String address, String locale, String brand,
                         boolean vulnerable, String title, Set<Service> services, Instant startedAt,
                         Instant endedAt, Instant decidedAt, Instant eta, String publicMessage) {
        this(noticeId, outageId, outageVersion, stage, subscriberId, channel, address, locale, brand, vulnerable,
                title, services, startedAt, endedAt, decidedAt, eta, publicMessage, NoticeKind.OUTAGE, null);
    }

    /** A notice with no ETA and no public message. */
    public NoticeRequest(String noticeId, String outageId, long outageVersion, OutageStatus stage, String subscriberId,
                         NoticeChannel channel, String address, String locale, String brand, boolean vulnerable,
                         String title, Set<Service> services, Instant startedAt, Instant endedAt, Instant decidedAt) {
        this(noticeId, outageId, outageVersion, stage, subscriberId, channel, address, locale, brand, vulnerable,
                title, services, startedAt, endedAt, decidedAt, null, null);
    }

    /**
     * The invoice an {@link NoticeKind#INVOICE_HOLD} notice is about.
     *
     * @param invoiceId   held invoice
     * @param amountMinor its total in minor units
     * @param currency    ISO 4217
     */
    public record HeldInvoice(String invoiceId, long amountMinor, String currency) {
    }
}
