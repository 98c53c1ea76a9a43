package io.faultline.common.events;

import java.time.Instant;
import java.util.Set;

/**
 * A line as CRM knows it (compacted topic {@code subscribers.v1}, key: subscriber id; a tombstone removes it).
 * Carries personal data: never log {@link #msisdn()} or {@link #email()} unmasked.
 *
 * @param subscriberId   stable id, the key
 * @param msisdn         phone number in E.164 without '+', or null when the line has none
 * @param email          contact address, or null
 * @param locale         language tag, e.g. en, fr
 * @param brand          brand the customer bought from: the host operator's or an MVNO's
 * @param billingAccount account credits are booked to
 * @param segment        customer segment, e.g. consumer, business
 * @param plan           tariff
 * @param homeRegion     region the customer is homed in
 * @param platforms      platform elements (voicemail, mail, HLR...) the line is homed on
 * @param contact        contact preferences
 * @param vulnerable     flagged as depending on the line for safety (health monitors, alarms); notified first
 * @param updatedAt      when CRM last changed the record
 */
public record Subscriber(String subscriberId, String msisdn, String email, String locale, String brand,
                         String billingAccount, String segment, Plan plan, String homeRegion,
                         Set<String> platforms, ContactPreferences contact, boolean vulnerable, Instant updatedAt)
        implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.subscriber", 1);

    public Subscriber {
        Require.text(subscriberId, "subscriberId");
        Require.text(locale, "locale");
        Require.text(brand, "brand");
        Require.text(billingAccount, "billingAccount");
        Require.text(segment, "segment");
        Require.present(plan, "plan");
        Require.text(homeRegion, "homeRegion");
        platforms = Require.set(platforms);
        contact = contact == null ? ContactPreferences.DEFAULT : contact;
        Require.present(updatedAt, "updatedAt");
    }

    @Override
    public String eventId() {
        return "subscriber:" + subscriberId + ":" + updatedAt.toEpochMilli();
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
        return updatedAt;
    }
}
