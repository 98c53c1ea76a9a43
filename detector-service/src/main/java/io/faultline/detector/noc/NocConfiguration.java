package io.faultline.detector.noc;

import io.faultline.platform.kafka.AcknowledgedProducers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
        return AcknowledgedProducers.stringTemplate(kafkaProperties);
    }
}
