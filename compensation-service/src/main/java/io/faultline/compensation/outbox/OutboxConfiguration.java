package io.faultline.compensation.outbox;

import io.faultline.common.events.CreditEvent;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay of {@code credits.v1}: a transactional producer under one fixed transactional id for the whole
 * service ({@code faultline.compensation.outbox.transactional-id}), acks from all in-sync replicas, CloudEvents
 * headers stamped; the leadership lock; the reconciler's read_committed consumer.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    /** The advisory lock key of the relay's leadership ("FAULTLIN" in ASCII), the same in every instance. */
    static final long RELAY_LOCK_KEY = 0x4641554C544C494EL;

    @Bean
    public RelayLeadership relayLeadership(DataSource dataSource) {
        return new RelayLeadership(dataSource, RELAY_LOCK_KEY);
    }

    @Bean
    public OutboxReconciler outboxReconciler(CreditOutbox outbox, PublishedPositions positions,
                                             TransactionTemplate transactions, KafkaProperties kafkaProperties,
                                             @Value("${faultline.compensation.outbox.reconcile-timeout:5m}")
                                             Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "compensation-outbox-reconciler");
        return new OutboxReconciler(Topics.CREDITS.name(), outbox, positions, transactions,
                () -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), timeout);
    }

    @Bean
    public OutboxRelay outboxRelay(CreditOutbox outbox, PublishedPositions positions, OutboxReconciler reconciler,
                                   @Qualifier("relayLeadership") RelayLeadership leadership, TransactionTemplate transactions, MeterRegistry meters,
                                   KafkaProperties kafkaProperties, FaultlineKafkaProperties faultlineKafka,
                                   @Value("${faultline.compensation.outbox.transactional-id:compensation-service-credits}")
                                   String transactionalId,
                                   @Value("${faultline.compensation.outbox.batch-size:2000}") int batchSize,
                                   @Value("${faultline.compensation.outbox.enabled:true}") boolean enabled) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "compensation-outbox-relay");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        return new OutboxRelay(Topics.CREDITS.name(), outbox, positions, reconciler, leadership,
                () -> new KafkaProducer<String, CreditEvent>(config, new StringSerializer(),
                        new EventSerializer<>(faultlineKafka.ceSource())),
                transactions, meters, batchSize, enabled);
    }
}
