package io.faultline.platform.kafka;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What every service gets: the public topics and their dead-letter topics declared as beans, and a listener
 * error handler that retries a failing record a bounded number of times, then publishes it, unchanged and with
 * its reason in headers, to {@code TOPIC.dlt}. Records that cannot even be deserialized go there at once.
 */
@AutoConfiguration
@EnableConfigurationProperties(FaultlineKafkaProperties.class)
public class FaultlineKafkaAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FaultlineKafkaAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(name = "faultlineTopics")
    public KafkaAdmin.NewTopics faultlineTopics(FaultlineKafkaProperties props) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec<?> spec : Topics.ALL) {
            topics.add(publicTopic(spec));
            topics.add(topic(spec.dlt(), props, false));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /**
     * A public topic, created with the broker's default partitions and replication if it is missing and never
     * altered: its partition count is the operator's decision, and raising it would move keys between
     * partitions (compacted subscriber and topology topics, per-key order).
     */
    public static NewTopic publicTopic(TopicSpec<?> spec) {
        NewTopic topic = new NewTopic(spec.name(), Optional.empty(), Optional.empty());
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    /** Declares a topic with the service's partition and replication settings. */
    public static NewTopic topic(String name, FaultlineKafkaProperties props, boolean compacted) {
        NewTopic topic = new NewTopic(name, props.partitions(), props.replicationFactor());
        if (compacted) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    @Bean
    @ConditionalOnMissingBean(name = "deadLetterTemplate")
    public KafkaTemplate<String, Object> deadLetterTemplate(KafkaProperties kafkaProperties,
                                                            FaultlineKafkaProperties props) {
        Map<String, Object> config = new LinkedHashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(FaultlineEvent.class, new EventSerializer<>(props.ceSource()));
        byType.put(String.class, new StringSerializer());
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
        return new KafkaTemplate<>(factory);
    }

    @Bean
    @ConditionalOnMissingBean
    public DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, Object> deadLetterTemplate,
                                                 FaultlineKafkaProperties props,
                                                 @Value("${spring.application.name:faultline}") String service) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, ex) -> new TopicPartition(record.topic() + TopicSpec.DLT_SUFFIX, -1));
        recoverer.setHeadersFunction((record, ex) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REJECTED_BY, service.getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.reasonOf(ex).getBytes(StandardCharsets.UTF_8));
            log.warn("Record {}-{}@{} sent to {}.dlt: {}", record.topic(), record.partition(), record.offset(),
                    record.topic(), DeadLetterHeaders.reasonOf(ex));
            return headers;
        });
        long retries = Math.max(0, props.retryAttempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer,
                new FixedBackOff(props.retryInterval().toMillis(), retries));
        handler.addNotRetryableExceptions(io.faultline.common.serde.InvalidEventException.class,
                IllegalArgumentException.class);
        return handler;
    }
}
