package io.faultline.notifier.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.notifier.messages.RenderedNotice;
import io.faultline.testsupport.MailServer;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Emails through the pool to a real SMTP server (GreenMail): connections reused, and a relay restart survived. */
class SmtpConnectionPoolIT {

    private MailServer mail;
    private SmtpConnectionPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void fourSendersShareFourConnectionsForFortyEmailsAndARestartedRelayIsReconnected() throws Exception {
        mail = MailServer.start();
        int port = mail.smtpPort();
        pool = new SmtpConnectionPool(Session.getInstance(new Properties()),
                new SmtpConnectionPool.Relay(mail.host(), port, null, null), 4, Duration.ofSeconds(30));
        EmailGateway gateway = new EmailGateway(pool, "noreply@meridian.example");

        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<String>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String to = "customer" + i + "@mail.example";
            String id = "OUT-1:DETECTED:S" + i + ":EMAIL";
            sent.add(senders.submit(() -> gateway.send(to, new RenderedNotice("Mobile data down", "Body " + to), id)));
        }
        for (Future<String> message : sent) {
            assertThat(message.get()).isNotBlank();
        }
        senders.shutdown();

        assertThat(mail.waitForMessages(40, Duration.ofSeconds(10))).hasSize(40);
        assertThat(pool.connectionsOpened()).as("one connection per sender at most").isBetween(1L, 4L);

        mail.close();
        mail = MailServer.start(port);
        long before = pool.connectionsOpened();
        gateway.send("after-restart@mail.example", new RenderedNotice("Resolved", "It works again"), "N-after");

        assertThat(mail.waitForMessages(1, Duration.ofSeconds(10))).singleElement()
                .satisfies(received -> assertThat(received.to()).containsExactly("after-restart@mail.example"));
        assertThat(pool.connectionsOpened()).as("the dropped connection was replaced").isEqualTo(before + 1);
    }
}
