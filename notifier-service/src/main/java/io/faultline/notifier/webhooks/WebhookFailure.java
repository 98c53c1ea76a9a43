package io.faultline.notifier.webhooks;

/**
 * A webhook the partner did not accept.
 *
 * <p>{@link #permanent()}: the partner refused the request itself (a 4xx other than 408 and 429), so sending it
 * again cannot succeed; it goes to the dead-letter topic at once. Otherwise (5xx, 408, 429, no answer) it is tried
 * again with back-off.
 */
public final class WebhookFailure extends Exception {

    private final boolean permanent;

    WebhookFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }

    /** Thrown for a permanent failure, so that the listener's error handler does not retry it. */
    public static final class Rejected extends RuntimeException {

        public Rejected(WebhookFailure failure) {
            super(failure.getMessage(), failure);
        }
    }
}
