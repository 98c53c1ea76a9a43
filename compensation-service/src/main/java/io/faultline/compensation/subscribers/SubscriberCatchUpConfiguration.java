package io.faultline.compensation.subscribers;

import io.faultline.common.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Wires {@link SubscriberCatchUp} to the broker: the offsets of {@code subscribers.v1} and of the group of the
 * {@value SubscriberListener#LISTENER_ID} listener, checked every
 * {@code faultline.compensation.grant.subscribers-catch-up-poll-interval} (200 ms) while a grant waits.
 */
@Configuration(proxyBeanMethods = false)
public class SubscriberCatchUpConfiguration {

    private static final int PROBE_FETCH_BYTES = 64 * 1024;

    @Bean(destroyMethod = "close")
    public KafkaSubscriberOffsets subscriberOffsets(KafkaAdmin kafkaAdmin, KafkaProperties kafkaProperties,
                                                    KafkaListenerEndpointRegistry registry,
                                                    @Value("${spring.kafka.consumer.group-id:compensation-service}")
                                                    String configuredGroupId) {
        Map<String, Object> adminConfig = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "compensation-subscribers-catch-up");
        Supplier<String> groupId = () -> {
            MessageListenerContainer container = registry.getListenerContainer(SubscriberListener.LISTENER_ID);
            String group = container == null ? null : container.getGroupId();
            return group == null ? configuredGroupId : group;
        };
        Supplier<Consumer<byte[], byte[]>> probeConsumers = () -> {
            Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "compensation-subscribers-catch-up-probe");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PROBE_FETCH_BYTES);
            config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, PROBE_FETCH_BYTES);
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        };
        return new KafkaSubscriberOffsets(Topics.SUBSCRIBERS.name(), groupId, Admin.create(adminConfig),
                probeConsumers);
    }

    @Bean
    public SubscriberCatchUp subscriberCatchUp(
            SubscriberOffsets subscriberOffsets, Clock clock,
            @Value("${faultline.compensation.grant.subscribers-catch-up-poll-interval:200ms}") Duration pollInterval) {
        return new SubscriberCatchUp(subscriberOffsets, clock, pollInterval);
    }

    /** Ends the waits of grants at shutdown, before the listener containers stop and wait for their threads. */
    @Bean
    public SmartLifecycle subscriberCatchUpShutdown(SubscriberCatchUp subscriberCatchUp) {
        return new SmartLifecycle() {

            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                subscriberCatchUp.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
            }
        };
    }
}
