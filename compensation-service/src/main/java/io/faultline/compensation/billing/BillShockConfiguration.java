package io.faultline.compensation.billing;

import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.serde.EventDeserializer;
import io.faultline.common.serde.EventSerializer;
import io.faultline.compensation.policy.Money;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The bill-shock guard's wiring: the guard from {@code faultline.compensation.bill-shock.*}, the listener container
 * of {@code billing.invoices.v1} (group {@code faultline.compensation.bill-shock.group-id}, invalid records to
 * {@code billing.invoices.v1.dlt}) and the idempotent producer of {@code billing.invoice-holds.v1}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BillShockProperties.class)
public class BillShockConfiguration {

    @Bean
    public BillShockGuard billShockGuard(BillShockProperties properties) {
        Map<String, Money> thresholds = new HashMap<>();
        properties.segmentThresholds().forEach((segment, amount) -> thresholds.put(segment, Money.parse(amount)));
        Map<String, Long> minimumIncrease = new HashMap<>();
        for (String text : properties.minimumIncrease()) {
            if (!text.isBlank()) {
                Money money = Money.parse(text);
                minimumIncrease.put(money.currency(), money.minor());
            }
        }
        return new BillShockGuard(thresholds, properties.minimumHistory(), properties.multiple(), minimumIncrease);
    }

    @Bean
    public KafkaTemplate<String, InvoiceHoldEvent> invoiceHoldTemplate(KafkaProperties kafkaProperties,
                                                                       FaultlineKafkaProperties faultlineKafka) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new EventSerializer<>(faultlineKafka.ceSource())));
    }

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, Invoice> invoiceListenerContainerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler kafkaErrorHandler,
            @Value("${faultline.compensation.bill-shock.group-id:compensation-service-invoices}") String groupId,
            @Value("${faultline.compensation.listeners.auto-startup:true}") boolean autoStartup) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        DefaultKafkaConsumerFactory<String, Invoice> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer<>(Invoice.class)));
        ConcurrentKafkaListenerContainerFactory<String, Invoice> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        factory.setAutoStartup(autoStartup);
        return factory;
    }
}
