package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @Test
    void producesAndConsumesOnTheSharedBroker() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        assertThat(KafkaBroker.shared()).isSameAs(broker);

        broker.createTopic("faultline.test.events", 3, Map.of("retention.ms", "3600000"));
        broker.createTopic("faultline.test.events", 3, Map.of("retention.ms", "3600000")); // idempotent

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of("faultline.test.events")).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get("faultline.test.events");
            assertThat(description.partitions()).hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "faultline.test.events");
            String retention = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                    .get(resource).get("retention.ms").value();
            assertThat(retention).isEqualTo("3600000");
        }

        RecordMetadata metadata = produce(broker, "faultline.test.events", "cell-42", "{\"outage\":true}");
        assertThat(metadata.offset()).isGreaterThanOrEqualTo(0);

        List<ConsumerRecord<String, String>> records = consume(broker, "faultline.test.events", 1);
        assertThat(records).extracting(ConsumerRecord::key).contains("cell-42");
        assertThat(records).extracting(ConsumerRecord::value).contains("{\"outage\":true}");

        broker.close(); // no-op on the shared broker
        assertThat(produce(broker, "faultline.test.events", "cell-43", "still up").offset()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void embeddedBrokerOnAFixedPortKeepsItsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        int port = FreePorts.find();
        try (KafkaBroker broker = KafkaBroker.startEmbedded(port, dataDir)) {
            assertThat(broker.isEmbedded()).isTrue();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            broker.createTopic("faultline.test.durable", 1, Map.of());
            produce(broker, "faultline.test.durable", "k", "before restart");

            // Neither a second broker on the same port nor one on the same data directory may start.
            assertThatThrownBy(() -> KafkaBroker.startEmbedded(port, null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            assertThatThrownBy(() -> KafkaBroker.startEmbedded(0, dataDir))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("used by");
        }
        assertThat(Files.exists(dataDir.resolve("server.properties"))).isTrue();

        try (KafkaBroker restarted = KafkaBroker.startEmbedded(port, dataDir)) {
            List<ConsumerRecord<String, String>> records = consume(restarted, "faultline.test.durable", 1);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("before restart");
        }
        assertThat(Files.exists(dataDir.resolve("kraft-logs"))).isTrue();
    }

    private static RecordMetadata produce(KafkaBroker broker, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> consume(KafkaBroker broker, String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
