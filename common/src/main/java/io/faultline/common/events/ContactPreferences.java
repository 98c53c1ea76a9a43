package io.faultline.common.events;

/**
 * What the customer asked for.
 *
 * @param preferredChannel channel to use when several work, or null for the operator default
 * @param nonCriticalOptOut the customer declined non-critical notices (updates); outage start and end are critical
 */
public record ContactPreferences(NoticeChannel preferredChannel, boolean nonCriticalOptOut) {

    public static final ContactPreferences DEFAULT = new ContactPreferences(null, false);
}
