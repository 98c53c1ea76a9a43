package io.faultline.notifier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Admin;
import java.util.stream.Collectors;
import java.util.List;
import java.time.Duration;
import io.faultline.common.topics.Topics;
import static org.awaitility.Awaitility.await;
import io.faultline.common.events.FaultlineEvent;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import java.util.ArrayList;
import io.faultline.common.events.NoticeReceipt;
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

    /** What a topic holds now: every record a new consumer reads from the earliest offset within 3 s. */
    public List<ConsumerRecord<String, byte[]>> read(String topic) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "notifier-it-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    /** The receipts on notice.receipts.v1 now. */
    public List<NoticeReceipt> receipts() {
        return read(Topics.NOTICE_RECEIPTS.name()).stream()
                .map(record -> EventJson.read(record.value(), NoticeReceipt.class)).toList();
    }

    /** Waits until the notifier has read every subscriber published so far (its group committed them). */
    public void awaitSubscribersRead() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets("notifier-service")
                        .partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(Topics.SUBSCRIBERS.name()) && e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                var partitions = admin.describeTopics(List.of(Topics.SUBSCRIBERS.name())).allTopicNames().get()
                        .get(Topics.SUBSCRIBERS.name()).partitions().stream()
                        .map(p -> new TopicPartition(Topics.SUBSCRIBERS.name(), p.partition()))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                return admin.listOffsets(partitions).all().get().entrySet().stream()
                        .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue().offset());
            });
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
