package io.faultline.notifier.messages;

/**
 * The text of one notice.
 *
 * @param subject email subject, null for SMS
 * @param body    SMS text or email body
 */
public record RenderedNotice(String subject, String body) {
}
