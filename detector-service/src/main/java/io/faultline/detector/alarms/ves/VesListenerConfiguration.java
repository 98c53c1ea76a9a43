package io.faultline.detector.alarms.ves;

import io.faultline.platform.kafka.AcknowledgedProducers;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The producer the VES listener writes alarms with: idempotent, acknowledged by all replicas. */
@Configuration
class VesListenerConfiguration {

    @Bean
    KafkaTemplate<String, String> vesAlarmTemplate(KafkaProperties kafkaProperties) {
        return AcknowledgedProducers.stringTemplate(kafkaProperties);
    }
}
