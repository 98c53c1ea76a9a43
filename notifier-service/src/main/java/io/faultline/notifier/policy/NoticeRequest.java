package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.Set;

/**
 * One notice decided by the fan-out, to be delivered (internal topic, key: subscriber id). Carries contact data:
 * never log it unmasked.
 *
 * @param noticeId      durable dedupe key: outage, stage, subscriber, channel
 * @param outageId      outage told
 * @param outageVersion version of the outage event
 * @param stage         stage told
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
 */
public record NoticeRequest(String noticeId, String outageId, long outageVersion, OutageStatus stage,
                            String subscriberId, NoticeChannel channel, String address, String locale, String brand,
                            boolean vulnerable, String title, Set<Service> services, Instant startedAt,
                            Instant endedAt, Instant decidedAt, Instant eta,
                            String publicMessage) {

    /** A notice with no ETA and no public message. */
    public NoticeRequest(String noticeId, String outageId, long outageVersion, OutageStatus stage, String subscriberId,
                         NoticeChannel channel, String address, String locale, String brand, boolean vulnerable,
                         String title, Set<Service> services, Instant startedAt, Instant endedAt, Instant decidedAt) {
        this(noticeId, outageId, outageVersion, stage, subscriberId, channel, address, locale, brand, vulnerable,
                title, services, startedAt, endedAt, decidedAt, null, null);
    }
}
