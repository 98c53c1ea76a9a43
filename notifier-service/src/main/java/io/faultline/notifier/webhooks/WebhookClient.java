package io.faultline.notifier.webhooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** Posts one webhook to one partner and says whether it was accepted (any 2xx). */
public final class WebhookClient {

    public static final String EVENT_ID_HEADER = "Faultline-Event-Id";
    public static final String EVENT_TYPE_HEADER = "Faultline-Event-Type";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Clock clock;

    public WebhookClient(Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.clock = clock;
    }

    /**
     * Posts the body, signed, with the event's id (the partner's dedupe key: a retry or a replay sends the same
     * id again) and type.
     *
     * @return the HTTP status of an accepted post
     * @throws WebhookFailure when the partner did not accept it, permanent or not
     */
    public int post(Partner partner, String eventId, String eventType, byte[] body) throws WebhookFailure {
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(partner.url()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(EVENT_ID_HEADER, eventId)
                .header(EVENT_TYPE_HEADER, eventType)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(partner.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new WebhookFailure(partner.name() + " did not answer: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookFailure(partner.name() + ": interrupted", false, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return status;
        }
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        throw new WebhookFailure(partner.name() + " answered HTTP " + status, permanent, null);
    }
}
