package io.faultline.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Producers for writes that an HTTP caller waits on (an alarm posted to the VES listener, a NOC command): idempotent,
 * acknowledged by all in-sync replicas, outside any transaction, from the service's Spring Kafka settings.
 */
public final class AcknowledgedProducers {

    private AcknowledgedProducers() {
    }

    /** A template of String keys and values with those guarantees. */
    public static KafkaTemplate<String, String> stringTemplate(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new StringSerializer()));
    }
}
