package io.faultline.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A partner's webhook endpoint, as a partner would run it: a real HTTP server on 127.0.0.1 that records every POST
 * and checks its {@code Faultline-Signature} ({@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t." + body)>})
 * with the shared secret, from the documentation alone.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One POST.
     *
     * @param path           the request path (one per partner)
     * @param eventId        the {@code Faultline-Event-Id} header
     * @param eventType      the {@code Faultline-Event-Type} header
     * @param signatureValid whether the signature matched the body and the timestamp was within five minutes
     * @param status         the HTTP status answered
     * @param body           the raw body
     * @param receivedAt     when it arrived
     */
    public record Post(String path, String eventId, String eventType, boolean signatureValid, int status,
                       byte[] body, Instant receivedAt) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private volatile IntSupplier answer = () -> 204;

    private WebhookReceiver(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Starts on a free port of 127.0.0.1; every path is an endpoint. */
    public static WebhookReceiver start(String secret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server, secret);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status = receiver.answer.getAsInt();
                receiver.posts.add(new Post(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Faultline-Event-Id"),
                        exchange.getRequestHeaders().getFirst("Faultline-Event-Type"),
                        receiver.valid(exchange.getRequestHeaders().getFirst("Faultline-Signature"), body), status,
                        body, Instant.now()));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint of a path, e.g. {@code url("/skylark")}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** What the endpoint answers from now on (204 by default), e.g. a partner that is down. */
    public void answer(IntSupplier status) {
        this.answer = status;
    }

    /** Every POST so far, in arrival order. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    private boolean valid(String signature, byte[] body) {
        if (signature == null || !signature.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String timestamp = signature.substring(2, signature.indexOf(','));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(signature.substring(signature.indexOf("v1=") + 3));
            boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
            return fresh && MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
