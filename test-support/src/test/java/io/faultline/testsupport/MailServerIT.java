package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

class MailServerIT {

    @Test
    void receivesPlainAndMultipartMail() throws Exception {
        try (MailServer mail = MailServer.start()) {
            assertThat(mail.smtpPort()).isPositive();
            Session session = session(mail, false);

            MimeMessage plain = new MimeMessage(session);
            plain.setFrom(new InternetAddress("noc@faultline.test"));
            plain.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.test"));
            plain.setSubject("Outage in your area");
            plain.setText("We are sorry.\nService is being restored.", "UTF-8");
            Transport.send(plain);

            MimeMessage alternative = new MimeMessage(session(mail, true));
            alternative.setFrom(new InternetAddress("noc@faultline.test"));
            alternative.setRecipient(Message.RecipientType.TO, new InternetAddress("other@example.test"));
            alternative.setSubject("Störung behoben");
            MimeMultipart multipart = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Alles wieder gut", "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>Alles wieder gut</p>", "text/html; charset=UTF-8");
            multipart.addBodyPart(text);
            multipart.addBodyPart(html);
            alternative.setContent(multipart);
            Transport.send(alternative, "any-user", "any-password");

            List<MailServer.ReceivedMail> received = mail.waitForMessages(2, Duration.ofSeconds(10));
            assertThat(received).hasSize(2);
            assertThat(received.get(0).to()).containsExactly("customer@example.test");
            assertThat(received.get(0).from()).containsExactly("noc@faultline.test");
            assertThat(received.get(0).subject()).isEqualTo("Outage in your area");
            assertThat(received.get(0).body()).isEqualTo("We are sorry.\nService is being restored.");
            assertThat(received.get(1).subject()).isEqualTo("Störung behoben");
            assertThat(received.get(1).body()).isEqualTo("Alles wieder gut");
            assertThat(mail.mimeMessages()).hasSize(2);

            int port = mail.smtpPort();
            mail.reset();
            assertThat(mail.receivedMessages()).isEmpty();
            assertThat(mail.smtpPort()).isEqualTo(port);
            assertThatThrownBy(() -> mail.waitForMessages(1, Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class);
        }
    }

    private static Session session(MailServer mail, boolean auth) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", mail.host());
        properties.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        properties.put("mail.smtp.auth", String.valueOf(auth));
        return Session.getInstance(properties);
    }
}
