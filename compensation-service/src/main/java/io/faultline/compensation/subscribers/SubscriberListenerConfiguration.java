package io.faultline.compensation.subscribers;

import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventDeserializer;
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
 * Batch listener container for {@code subscribers.v1}: large polls for fast bulk loads; invalid records go to
 * {@code subscribers.v1.dlt} through the platform's error handler.
 */
@Configuration(proxyBeanMethods = false)
public class SubscriberListenerConfiguration {

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, Subscriber> subscriberListenerContainerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler kafkaErrorHandler,
            @Value("${faultline.compensation.subscribers.concurrency:2}") int concurrency,
            @Value("${faultline.compensation.subscribers.max-poll-records:5000}") int maxPollRecords,
            @Value("${faultline.compensation.listeners.auto-startup:true}") boolean autoStartup) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        DefaultKafkaConsumerFactory<String, Subscriber> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer<>(Subscriber.class)));
        ConcurrentKafkaListenerContainerFactory<String, Subscriber> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(concurrency);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        factory.setAutoStartup(autoStartup);
        factory.getContainerProperties().setFixTxOffsets(true);
        return factory;
    }
}
