package io.faultline.notifier;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.testsupport.KafkaBroker;
import io.faultline.testsupport.MailServer;
import io.faultline.testsupport.SmscSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real servers a whole notifier runs against in a {@code @SpringBootTest}: a Kafka broker, an SMSC simulator
 * and a mail server, with the notifier's properties pointed at them.
 */
public final class NotifierServers implements AutoCloseable {

    private final KafkaBroker broker;
    private final SmscSimulator smsc;
    private final MailServer mail;
    private final String smscPassword;

    private NotifierServers(KafkaBroker broker, SmscSimulator smsc, MailServer mail, String smscPassword) {
        this.broker = broker;
        this.smsc = smsc;
        this.mail = mail;
        this.smscPassword = smscPassword;
    }

    /** Starts the three servers; the SMSC password has at most 8 characters (SMPP 3.4). */
    public static NotifierServers start(String smscPassword) {
        KafkaBroker broker = KafkaBroker.start();
        SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password(smscPassword).start();
        return new NotifierServers(broker, smsc, MailServer.start(), smscPassword);
    }

    /** Points the notifier at the servers, with {@code partitions} per topic and a fresh state directory. */
    public void register(DynamicPropertyRegistry registry, int partitions) {
        String stateDir;
        try {
            stateDir = Files.createTempDirectory("notifier-it").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("spring.kafka.streams.state-dir", () -> stateDir);
        registry.add("faultline.kafka.partitions", () -> String.valueOf(partitions));
        registry.add("faultline.notifier.sms.host", () -> "127.0.0.1");
        registry.add("faultline.notifier.sms.port", smsc::port);
        registry.add("faultline.notifier.sms.password", () -> smscPassword);
        registry.add("spring.mail.host", mail::host);
        registry.add("spring.mail.port", mail::smtpPort);
    }

    public KafkaBroker broker() {
        return broker;
    }

    public SmscSimulator smsc() {
        return smsc;
    }

    /** Publishes one event as its topic carries it and waits for the broker's acknowledgement. */
    public void publish(String topic, String key, FaultlineEvent event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, EventJson.write(event))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable server : new AutoCloseable[] {smsc, mail, broker}) {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}
