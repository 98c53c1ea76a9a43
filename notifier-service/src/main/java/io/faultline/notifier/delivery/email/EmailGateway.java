package io.faultline.notifier.delivery.email;

import io.faultline.notifier.messages.RenderedNotice;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Sends notices over SMTP. */
public final class EmailGateway {

    private final JavaMailSender mail;
    private final String from;

    public EmailGateway(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    /** Sends and returns the Message-ID the message was given. */
    public String send(String to, RenderedNotice notice, String noticeId) throws Exception {
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(notice.subject());
        helper.setText(notice.body(), false);
        message.setHeader("X-Faultline-Notice", noticeId);
        message.saveChanges();
        mail.send(message);
        return message.getMessageID();
    }
}
