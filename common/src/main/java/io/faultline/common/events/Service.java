package io.faultline.common.events;

/** A customer-facing service that an element carries and an outage can affect. */
public enum Service {
    VOICE, SMS, DATA, VOICEMAIL, MAIL
}
