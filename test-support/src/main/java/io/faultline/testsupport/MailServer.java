package io.faultline.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) that keeps every message it receives in memory.
 *
 * <p>It listens on {@code 127.0.0.1}, accepts mail for any recipient, and accepts any user name
 * and password if the client authenticates. Only SMTP runs: read messages with
 * {@link #receivedMessages()} or {@link #mimeMessages()}.
 */
public final class MailServer implements AutoCloseable {

    /**
     * A received message, reduced to what tests usually check.
     *
     * @param from    the addresses of the {@code From} header
     * @param to      the addresses of the {@code To} header
     * @param subject the subject, or {@code null}
     * @param body    the text body: the {@code text/plain} part if there is one, else the
     *                {@code text/html} part, with CRLF line ends turned into LF
     */
    public record ReceivedMail(List<String> from, List<String> to, String subject, String body) {
    }

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /**
     * Starts an SMTP server on a free port.
     *
     * @return the running server, to be closed by the caller
     */
    public static MailServer start() {
        return start(0);
    }

    /**
     * Starts an SMTP server.
     *
     * @param port the port to listen on, or 0 for a free one
     * @return the running server, to be closed by the caller
     */
    public static MailServer start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        GreenMail greenMail = new GreenMail(setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        return new MailServer(greenMail);
    }

    /**
     * The host the server listens on.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return greenMail.getSmtp().getBindTo();
    }

    /**
     * The port the SMTP server listens on.
     *
     * @return the port
     */
    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Every message received since start or the last {@link #reset()}, oldest first. A message
     * sent to several recipients appears once per recipient.
     *
     * @return the received messages
     */
    public List<ReceivedMail> receivedMessages() {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        List<ReceivedMail> result = new ArrayList<>(messages.length);
        for (MimeMessage message : messages) {
            result.add(toReceivedMail(message));
        }
        return List.copyOf(result);
    }

    /**
     * The raw received messages, for checks beyond {@link ReceivedMail}.
     *
     * @return the received messages, oldest first
     */
    public List<MimeMessage> mimeMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /**
     * Waits until at least {@code count} messages have arrived.
     *
     * @param count   the number of messages to wait for
     * @param timeout how long to wait at most
     * @return the received messages
     * @throws AssertionError if fewer messages arrived within the timeout
     */
    public List<ReceivedMail> waitForMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (greenMail.getReceivedMessages().length < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                List<ReceivedMail> got = receivedMessages();
                throw new AssertionError("Expected at least " + count + " mail(s) within " + timeout
                        + " but got " + got.size() + ": " + got);
            }
            try {
                Thread.sleep(Math.min(20, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for mail", e);
            }
        }
        return receivedMessages();
    }

    /** Forgets every received message; the server keeps running on the same port. */
    public void reset() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("Could not purge the received mail", e);
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        greenMail.stop();
    }

    @Override
    public String toString() {
        return "MailServer[smtp://" + host() + ":" + smtpPort() + "]";
    }

    private static ReceivedMail toReceivedMail(MimeMessage message) {
        try {
            return new ReceivedMail(addresses(message.getFrom()),
                    addresses(message.getRecipients(Message.RecipientType.TO)), message.getSubject(),
                    normalise(text(message)));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not read a received mail", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        return Arrays.stream(addresses)
                .map(a -> a instanceof InternetAddress internet ? internet.getAddress() : a.toString())
                .toList();
    }

    private static String text(Part part) throws MessagingException, IOException {
        String plain = findPart(part, "text/plain");
        return plain != null ? plain : findPart(part, "text/html");
    }

    private static String findPart(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = findPart(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String normalise(String text) {
        return text == null ? null : text.replace("\r\n", "\n");
    }
}
