package io.faultline.notifier.delivery.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP connections kept open between notices, so that a large send does not open, greet, authenticate and close a
 * connection per email. At most {@code size} idle connections are kept (one per sender thread is enough); a
 * connection idle for longer than {@code maxIdle} is closed rather than reused (relays drop idle sessions). A send
 * on a reused connection that fails for any reason but a refused recipient is tried once more on a fresh
 * connection: the relay most likely dropped it, and a message it refused was not accepted. Thread-safe.
 */
public final class SmtpConnectionPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnectionPool.class);

    /** How to reach the relay. */
    public record Relay(String host, int port, String username, String password) {
    }

    private record Pooled(Transport transport, long idleSinceNanos) {
    }

    private final Session session;
    private final Relay relay;
    private final Duration maxIdle;
    private final BlockingDeque<Pooled> idle;
    private final AtomicLong opened = new AtomicLong();

    public SmtpConnectionPool(Session session, Relay relay, int size, Duration maxIdle) {
        if (size < 1) {
            throw new IllegalArgumentException("an SMTP pool keeps at least one connection: " + size);
        }
        this.session = session;
        this.relay = relay;
        this.maxIdle = maxIdle;
        this.idle = new LinkedBlockingDeque<>(size);
    }

    /** A new message of this pool's mail session. */
    public MimeMessage newMessage() {
        return new MimeMessage(session);
    }

    /** Sends the message to its recipients; throws when the relay did not accept it. */
    public void send(MimeMessage message) throws MessagingException {
        Pooled reused = takeIdle();
        if (reused != null) {
            try {
                sendOn(reused.transport(), message);
                return;
            } catch (SendFailedException refused) {
                throw refused;
            } catch (MessagingException dropped) {
                log.debug("A pooled SMTP connection failed ({}); sending on a fresh one", dropped.toString());
            }
        }
        sendOn(open(), message);
    }

    /** Connections opened since the start: far fewer than the emails sent when the pool works. */
    public long connectionsOpened() {
        return opened.get();
    }

    private void sendOn(Transport transport, MimeMessage message) throws MessagingException {
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            close(transport);
            throw e;
        }
        if (!idle.offerFirst(new Pooled(transport, System.nanoTime()))) {
            close(transport);
        }
    }

    private Pooled takeIdle() {
        Pooled pooled;
        while ((pooled = idle.pollFirst()) != null) {
            boolean fresh = System.nanoTime() - pooled.idleSinceNanos() < maxIdle.toNanos();
            if (fresh && pooled.transport().isConnected()) {
                return pooled;
            }
            close(pooled.transport());
        }
        return null;
    }

    private Transport open() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect(relay.host(), relay.port(), relay.username(), relay.password());
        opened.incrementAndGet();
        return transport;
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            log.debug("Closing an SMTP connection: {}", e.toString());
        }
    }

    @Override
    public void close() {
        Pooled pooled;
        while ((pooled = idle.pollFirst()) != null) {
            close(pooled.transport());
        }
    }
}
