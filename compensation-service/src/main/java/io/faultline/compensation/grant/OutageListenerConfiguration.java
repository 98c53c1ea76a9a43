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
 *
 * <p>The listener has a consumer group of its own ({@code faultline.compensation.grant.group-id},
 * {@value #DEFAULT_GROUP_ID}) under the consumer rebalance protocol (KIP-848). When it shared the classic group of
 * the subscriber listener, every rebalance (an instance starting or stopping) waited for all members to rejoin, and a
 * member busy in a grant rejoins only when the grant ends: the subscriber listeners stood still for that long, while
 * the grant itself may be waiting for them to catch up. Under the consumer protocol members rebalance one by one,
 * and a dead member's partitions are handed on when the broker's session timeout
 * ({@code group.consumer.session.timeout.ms}, 45 s by default) expires, so a restarted service resumes an interrupted
 * grant within it.
 */
@Configuration(proxyBeanMethods = false)
public class OutageListenerConfiguration {

    /** The outage listener's consumer group unless configured otherwise. */
    public static final String DEFAULT_GROUP_ID = "compensation-service-outages";

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, OutageEvent> outageListenerContainerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler kafkaErrorHandler,
            @Value("${faultline.compensation.grant.max-duration:30m}") Duration maxGrantDuration,
            @Value("${faultline.compensation.grant.subscribers-catch-up-timeout:10m}") Duration catchUpTimeout,
            @Value("${faultline.compensation.grant.group-id:" + DEFAULT_GROUP_ID + "}") String groupId,
            @Value("${faultline.compensation.listeners.auto-startup:true}") boolean autoStartup) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        config.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        config.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        // A grant may first wait for the subscriber table, then preview its liability (a read of every candidate, as
        // long as the grant's own), then grant.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Math.toIntExact(maxGrantDuration.multipliedBy(2).plus(catchUpTimeout).toMillis()));
        DefaultKafkaConsumerFactory<String, OutageEvent> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer<>(OutageEvent.class)));
        ConcurrentKafkaListenerContainerFactory<String, OutageEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        factory.setAutoStartup(autoStartup);
        factory.getContainerProperties().setFixTxOffsets(true);
        return factory;
    }
}
