package io.faultline.compensation.outbox;

import io.faultline.common.events.CreditEvent;
import io.faultline.common.serde.EventSerializer;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The idempotent producer of {@code credits.v1}: acks from all in-sync replicas, CloudEvents headers stamped. */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    @Bean
    public KafkaTemplate<String, CreditEvent> creditTemplate(KafkaProperties kafkaProperties,
                                                             FaultlineKafkaProperties faultlineKafka) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new EventSerializer<>(faultlineKafka.ceSource())));
    }
}
