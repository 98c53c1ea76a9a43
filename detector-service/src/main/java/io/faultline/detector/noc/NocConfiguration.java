package io.faultline.detector.noc;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The NOC API's settings and the producer it writes NOC commands with. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NocProperties.class)
class NocConfiguration {

    /** Bean name of the NOC command producer (injected by name only, never as "the" String template). */
    static final String COMMAND_TEMPLATE = "nocCommandTemplate";

    /** Idempotent, acknowledged by all in-sync replicas, outside any transaction. */
    @Bean(name = COMMAND_TEMPLATE, defaultCandidate = false)
    KafkaTemplate<String, String> nocCommandTemplate(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new StringSerializer()));
    }
}
