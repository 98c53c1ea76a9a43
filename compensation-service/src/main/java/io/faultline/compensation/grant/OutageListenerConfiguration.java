package io.faultline.compensation.grant;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Record listener container for {@code outages.v1}. A grant over a national outage takes minutes, and may first wait
 * for the subscriber table to catch up with {@code subscribers.v1}, so the poll interval is generous (the longest
 * grant plus the longest wait) and each poll brings few records; invalid records go to {@code outages.v1.dlt}.
 */
@Configuration(proxyBeanMethods = false)
public class OutageListenerConfiguration {

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, OutageEvent> outageListenerContainerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler kafkaErrorHandler,
            @Value("${faultline.compensation.grant.max-duration:30m}") Duration maxGrantDuration,
            @Value("${faultline.compensation.grant.subscribers-catch-up-timeout:10m}") Duration catchUpTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Math.toIntExact(maxGrantDuration.plus(catchUpTimeout).toMillis()));
        DefaultKafkaConsumerFactory<String, OutageEvent> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer<>(OutageEvent.class)));
        ConcurrentKafkaListenerContainerFactory<String, OutageEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        factory.getContainerProperties().setFixTxOffsets(true);
        return factory;
    }
}
