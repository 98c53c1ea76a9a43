package io.faultline.notifier.delivery.email;

import io.faultline.notifier.messages.RenderedNotice;
import jakarta.mail.Message;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;

/**
 * Sends notices over SMTP, on connections kept open between notices ({@link SmtpConnectionPool}). Plain text in
 * UTF-8, built on the message itself: Spring's {@code MimeMessageHelper} read the MIME types file from the
 * application's jar for every message, which cost more than the send.
 */
public final class EmailGateway {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final SmtpConnectionPool pool;
    private final InternetAddress from;

    public EmailGateway(SmtpConnectionPool pool, String from) {
        this.pool = pool;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("invalid sender address of notice emails: " + from, e);
        }
    }

    /** Sends and returns the Message-ID the message was given. */
    public String send(String to, RenderedNotice notice, String noticeId) throws Exception {
        MimeMessage message = pool.newMessage();
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(notice.subject(), UTF_8);
        message.setText(notice.body(), UTF_8);
        message.setHeader("X-Faultline-Notice", noticeId);
        message.saveChanges();
        pool.send(message);
        return message.getMessageID();
    }
}
