package io.faultline.detector.noc;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * Why the NOC API refuses a request, answered as an RFC 9457 problem with the given status.
 */
public final class NocApiException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;
    private final String host;

    private NocApiException(HttpStatus status, String detail, Duration retryAfter, String host) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
        this.host = host;
    }

    /** 400: the request itself is wrong; nothing was written. */
    public static NocApiException badRequest(String detail) {
        return new NocApiException(HttpStatus.BAD_REQUEST, detail, null, null);
    }

    /** 404: no such outage (open or recently resolved). */
    public static NocApiException notFound(String detail) {
        return new NocApiException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** 409: the outage's state forbids the action (not open, merge into itself...). */
    public static NocApiException conflict(String detail) {
        return new NocApiException(HttpStatus.CONFLICT, detail, null, null);
    }

    /** 422: an Idempotency-Key already used for a different request. */
    public static NocApiException keyReused(String detail) {
        return new NocApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, null, null);
    }

    /** 503 with Retry-After: the store is not queryable now, or the broker did not take the command. */
    public static NocApiException unavailable(String detail, Duration retryAfter) {
        return new NocApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter, null);
    }

    /** 503: the outage store is active on another instance, named in the answer (no proxying yet). */
    public static NocApiException elsewhere(String host) {
        return new NocApiException(HttpStatus.SERVICE_UNAVAILABLE, "the outage store is active on the detector "
                + "instance " + host + ": send NOC requests there (this instance does not proxy them)", null, host);
    }

    public HttpStatus status() {
        return status;
    }

    /** Null when retrying here makes no sense. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code host:port} of the instance that holds the store, or null. */
    public String host() {
        return host;
    }
}
