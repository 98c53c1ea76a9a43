package io.faultline.notifier.delivery.email;

import io.faultline.notifier.messages.RenderedNotice;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Sends notices over SMTP, on connections kept open between notices ({@link SmtpConnectionPool}). */
public final class EmailGateway {

    private final SmtpConnectionPool pool;
    private final String from;

    public EmailGateway(SmtpConnectionPool pool, String from) {
        this.pool = pool;
        this.from = from;
    }

    /** Sends and returns the Message-ID the message was given. */
    public String send(String to, RenderedNotice notice, String noticeId) throws Exception {
        MimeMessage message = pool.newMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(notice.subject());
        helper.setText(notice.body(), false);
        message.setHeader("X-Faultline-Notice", noticeId);
        message.saveChanges();
        pool.send(message);
        return message.getMessageID();
    }
}
