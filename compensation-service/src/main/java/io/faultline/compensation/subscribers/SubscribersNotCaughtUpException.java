package io.faultline.compensation.subscribers;

/**
 * The subscriber table did not catch up with {@code subscribers.v1} in time, so a grant did not run: granting over a
 * partial subscriber base would leave the subscribers not yet loaded without credit. Retryable: the listener's
 * error handler retries the RESOLVED and then dead-letters it with this message.
 */
public class SubscribersNotCaughtUpException extends RuntimeException {

    public SubscribersNotCaughtUpException(String message) {
        super(message);
    }

    public SubscribersNotCaughtUpException(String message, Throwable cause) {
        super(message, cause);
    }
}
