package io.faultline.common.events;

import java.time.Instant;

/**
 * A customer reported a problem (topic {@code customer.complaints.v1}, key: subscriber id).
 *
 * @param complaintId  unique id from the care system
 * @param subscriberId who complained
 * @param region       region the customer was in
 * @param cellId       serving cell when known, otherwise null
 * @param service      the service the customer could not use
 * @param channel      where the complaint was made
 * @param time         when it was made
 */
public record CustomerComplaint(String complaintId, String subscriberId, String region, String cellId,
                                Service service, ComplaintChannel channel, Instant time)
        implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.customer.complaint", 1);

    public CustomerComplaint {
        Require.text(complaintId, "complaintId");
        Require.text(subscriberId, "subscriberId");
        Require.text(region, "region");
        Require.present(service, "service");
        Require.present(channel, "channel");
        Require.present(time, "time");
    }

    @Override
    public String eventId() {
        return "complaint:" + complaintId;
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return subscriberId;
    }

    @Override
    public Instant occurredAt() {
        return time;
    }
}
