package io.faultline.sandbox.bench;

import io.faultline.common.serde.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Micrometer figures of a service under test, read from its {@code /actuator/metrics}. */
final class ActuatorMetrics {

    private final int port;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param port        the service's HTTP port
     * @param credentials {@code user:password} for HTTP basic, or null when the endpoint is open
     */
    ActuatorMetrics(int port, String credentials) {
        this.port = port;
        this.authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Heap in use now; -1 when the service does not answer. */
    long heapUsedBytes() {
        return (long) metric("jvm.memory.used?tag=area:heap");
    }

    /** Heap still in use after the latest collection (Micrometer's jvm.gc.live.data.size); -1 before any. */
    long heapLiveBytes() {
        return (long) metric("jvm.gc.live.data.size");
    }

    /** The total of a counter over all its tags; 0 before it was first counted. */
    long counter(String name) {
        return Math.max(0, (long) metric(name));
    }

    /** The first measurement of a meter (with an optional {@code ?tag=} query); -1 when unavailable. */
    double metric(String nameAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/metrics/" + nameAndQuery)).timeout(Duration.ofSeconds(2));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return EventJson.readTree(response.body().getBytes(StandardCharsets.UTF_8))
                    .path("measurements").path(0).path("value").asDouble(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
