package io.faultline.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Tells the customers affected by an outage, by SMS or email, once per stage. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

    /**
     * Jakarta Mail looks its stream provider up for every message written, through a ServiceLoader scan of the
     * application's jar unless this property names it: at thousands of notices a second that scan cost a tenth of
     * the notifier's processor time.
     */
    static final String MAIL_STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    public static void main(String[] args) {
        if (System.getProperty(MAIL_STREAM_PROVIDER) == null) {
            System.setProperty(MAIL_STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        SpringApplication.run(NotifierApplication.class, args);
    }
}
