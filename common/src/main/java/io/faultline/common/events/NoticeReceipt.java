package io.faultline.common.events;

import java.time.Instant;

/**
 * What happened to one notice to one customer (topic {@code notice.receipts.v1}, key: subscriber id).
 *
 * @param noticeId          deterministic: outage, stage, subscriber and channel (for an invoice hold: hold, subscriber
 *                          and channel)
 * @param subscriberId      recipient
 * @param outageId          the outage the notice is about; for a notice of kind {@link NoticeKind#INVOICE_HOLD}, the
 *                          hold id
 * @param outageVersion     version of the outage event that caused the notice (0 for an invoice hold)
 * @param stage             lifecycle stage told; null for an invoice hold, required otherwise
 * @param channel           channel used
 * @param state             outcome
 * @param providerMessageId SMSC message id or SMTP message id, null when none
 * @param detail            human readable detail (error, reason for suppression), may be null
 * @param occurredAt        when the outcome was known
 * @param kind              what the notice is about; absent (an earlier producer) means an outage
 */
public record NoticeReceipt(String noticeId, String subscriberId, String outageId, long outageVersion,
                            OutageStatus stage, NoticeChannel channel, NoticeState state, String providerMessageId,
                            String detail, Instant occurredAt, NoticeKind kind) implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.notice.receipt", 1);

    public NoticeReceipt {
        Require.text(noticeId, "noticeId");
        Require.text(subscriberId, "subscriberId");
        Require.text(outageId, "outageId");
        kind = kind == null ? NoticeKind.OUTAGE : kind;
        if (kind == NoticeKind.OUTAGE) {
            Require.present(stage, "stage");
        }
        Require.present(channel, "channel");
        Require.present(state, "state");
        Require.present(occurredAt, "occurredAt");
    }

    /** A receipt of a notice about an outage. */
    public NoticeReceipt(String noticeId, String subscriberId, String outageId, long outageVersion,
                         OutageStatus stage, NoticeChannel channel, NoticeState state, String providerMessageId,
                         String detail, Instant occurredAt) {
        this(noticeId, subscriberId, outageId, outageVersion, stage, channel, state, providerMessageId, detail,
                occurredAt, NoticeKind.OUTAGE);
    }

    /** The notice id of (invoice hold, subscriber, channel): the durable dedupe key of a bill-shock notice. */
    public static String noticeIdOfHold(String holdId, String subscriberId, NoticeChannel channel) {
        return holdId + ":" + subscriberId + ":" + channel;
    }

    /** The notice id of (outage, stage, subscriber, channel): the durable dedupe key. */
    public static String noticeIdOf(String outageId, OutageStatus stage, String subscriberId, NoticeChannel channel) {
        return join(outageId, stage.name(), subscriberId, channel);
    }

    /**
     * The notice id when the outage has been reopened {@code episode} times: after a reopening, the customer is
     * told again that it failed and again when it ends, once each per episode.
     */
    public static String noticeIdOf(String outageId, int episode, OutageStatus stage, String subscriberId,
                                    NoticeChannel channel) {
        return noticeIdOf(episodeOf(outageId, episode), stage, subscriberId, channel);
    }

    /**
     * The notice id of a stage of a given outage version: an update is told once per version
     * ({@code OUT-1:UPDATED.v3:S1:EMAIL}); every other stage once per episode, whatever the version.
     */
    public static String noticeIdOf(String outageId, int episode, OutageStatus stage, long version,
                                    String subscriberId, NoticeChannel channel) {
        String told = stage == OutageStatus.UPDATED ? stage.name() + ".v" + version : stage.name();
        return join(episodeOf(outageId, episode), told, subscriberId, channel);
    }

    private static String episodeOf(String outageId, int episode) {
        return episode == 0 ? outageId : outageId + "#" + episode;
    }

    private static String join(String outage, String stage, String subscriberId, NoticeChannel channel) {
        return outage + ":" + stage + ":" + subscriberId + ":" + channel;
    }

    @Override
    public String eventId() {
        return "receipt:" + noticeId + ":" + state;
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return subscriberId;
    }
}
