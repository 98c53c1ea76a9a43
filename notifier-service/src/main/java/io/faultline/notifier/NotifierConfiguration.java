package io.faultline.notifier;

import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.delivery.DeliveryService;
import io.faultline.notifier.delivery.NotifierProperties;
import io.faultline.notifier.delivery.OutageBoard;
import io.faultline.notifier.delivery.OutageBoardFeed;
import io.faultline.notifier.delivery.SentJournal;
import io.faultline.notifier.delivery.email.EmailGateway;
import io.faultline.notifier.delivery.email.SmtpConnectionPool;
import io.faultline.notifier.delivery.sms.SmppGateway;
import io.faultline.notifier.messages.MessageCatalog;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.receipts.ReceiptPublisher;
import io.faultline.notifier.receipts.SentSmsRegistry;
import io.faultline.notifier.statuspage.StatusBoard;
import io.faultline.notifier.statuspage.StatusPageRenderer;
import io.faultline.notifier.statuspage.web.StatusPageController;
import io.faultline.notifier.streams.NoticeBatchSerde;
import io.faultline.notifier.streams.NotifierMetrics;
import io.faultline.notifier.streams.NotifierTopology;
import io.faultline.notifier.webhooks.Partner;
import io.faultline.notifier.webhooks.PartnerWebhookListeners;
import io.faultline.notifier.webhooks.WebhookClient;
import io.faultline.platform.kafka.FaultlineKafkaAutoConfiguration;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Wires the fan-out topology, the delivery listener and the SMS and email gateways. */
@Configuration
@EnableKafkaStreams
public class NotifierConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifierConfiguration.class);


    @Bean
    Object notifierTopology(StreamsBuilder builder, FaultlineKafkaProperties kafka, NotifierMetrics metrics,
                            @Value("${faultline.notifier.fanout.chunk:100000}") int fanOutChunk,
                            @Value("${faultline.notifier.fanout.batch:200}") int noticeBatch) {
        NotifierTopology.build(builder, kafka.ceSource(), metrics, fanOutChunk, noticeBatch);
        return NotifierTopology.class;
    }

    /**
     * The outage broadcast and invoice-hold lines topics must have exactly as many partitions as subscribers.v1:
     * each fan-out task scans the subscribers of its own partition, and each hold reaches the task of its line, so
     * a missing partition would be a silent hole in the audience. The topics are created to match, and a mismatch
     * stops the service at start with the reason.
     */
    @Bean
    KafkaAdmin.NewTopics notifierInternalTopics(KafkaAdmin admin, FaultlineKafkaProperties kafka) {
        admin.createOrModifyTopics(FaultlineKafkaAutoConfiguration.publicTopic(Topics.SUBSCRIBERS));
        int partitions = admin.describeTopics(Topics.SUBSCRIBERS.name()).get(Topics.SUBSCRIBERS.name())
                .partitions().size();
        for (String coPartitioned : List.of(NotifierTopology.OUTAGE_BROADCAST_TOPIC,
                NotifierTopology.INVOICE_HOLD_LINES_TOPIC)) {
            try {
                var existing = admin.describeTopics(coPartitioned).get(coPartitioned);
                if (existing != null && existing.partitions().size() != partitions) {
                    throw new IllegalStateException(coPartitioned + " has " + existing.partitions().size()
                            + " partitions but " + Topics.SUBSCRIBERS.name() + " has " + partitions
                            + "; they must be equal (recreate " + coPartitioned + ")");
                }
            } catch (org.springframework.kafka.KafkaException missing) {
                // created below
            }
        }
        return new KafkaAdmin.NewTopics(
                new NewTopic(NotifierTopology.OUTAGE_BROADCAST_TOPIC, partitions, kafka.replicationFactor()),
                new NewTopic(NotifierTopology.INVOICE_HOLD_LINES_TOPIC, partitions, kafka.replicationFactor()),
                FaultlineKafkaAutoConfiguration.topic(NotifierTopology.NOTICE_REQUESTS_TOPIC, kafka, false),
                FaultlineKafkaAutoConfiguration.topic(NotifierTopology.NOTICE_REQUESTS_TOPIC + ".dlt", kafka, false),
                FaultlineKafkaAutoConfiguration.topic(PartnerWebhookListeners.DEAD_LETTER_TOPIC, kafka, false));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, NoticeBatch> noticeRequestListenerFactory(
            KafkaProperties kafkaProperties, DefaultErrorHandler errorHandler) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "notifier-service-delivery");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // bounded by bytes as well as records: a poll is at most 1,000 records (single notices of an invoice hold,
        // of a small fan-out or of an earlier version) and at most 256 KB per fetch (about 2,500 notices of full
        // batches); the offsets are committed once a poll's notices are all sent
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 262_144);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 262_144);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, NoticeBatch>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(NoticeBatchSerde.create().deserializer())));
        factory.setCommonErrorHandler(errorHandler);
        factory.getContainerProperties().setFixTxOffsets(true);
        factory.setConcurrency(2);
        return factory;
    }

    @Bean
    KafkaTemplate<String, NoticeReceipt> receiptTemplate(KafkaProperties kafkaProperties,
                                                         FaultlineKafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // two receipts per SMS (accepted, delivered) at thousands a second: fuller batches, fewer requests; the
        // delivery listener flushes them before each commit of its offsets anyway
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new EventSerializer<>(kafka.ceSource())));
    }

    @Bean
    OutageBoard outageBoard() {
        return new OutageBoard();
    }

    /** What this instance sent, kept across a crash ({@code faultline.notifier.sent-journal}, beside the state). */
    @Bean(destroyMethod = "close")
    SentJournal sentJournal(
            @Value("${faultline.notifier.sent-journal:${spring.kafka.streams.state-dir}/sent-journal}") String dir) {
        return SentJournal.open(Path.of(dir), 50_000);
    }

    @Bean
    StatusBoard statusBoard(NotifierProperties properties) {
        return new StatusBoard(properties.statusPage().recent());
    }

    @Bean
    StatusPageController statusPageController(StatusBoard board, NotifierProperties properties) {
        return new StatusPageController(board, new StatusPageRenderer(properties.statusPage().title(), "/status"),
                Clock.systemUTC(), properties.statusUrl());
    }

    /** Every outage event, from every partition, to the delivery-time staleness check and the status page. */
    @Bean
    OutageBoardFeed outageBoardFeed(OutageBoard board, StatusBoard statusBoard, KafkaProperties kafkaProperties) {
        return new OutageBoardFeed(event -> {
            board.observe(event);
            try {
                statusBoard.record(event, Instant.now());
            } catch (RuntimeException e) {
                log.warn("The status page could not take outage event {}: {}", event.eventId(), e.toString());
            }
        }, kafkaProperties.buildConsumerProperties());
    }

    /** One listener per configured partner on outages.v1; none when no partner is configured. */
    @Bean
    PartnerWebhookListeners partnerWebhooks(NotifierProperties properties, KafkaProperties kafkaProperties,
                                            ReceiptPublisher receipts,
                                            KafkaTemplate<String, Object> deadLetterTemplate) {
        List<Partner> partners = properties.webhooks().stream().map(NotifierProperties.Webhook::partner).toList();
        return new PartnerWebhookListeners(partners, kafkaProperties.buildConsumerProperties(),
                new WebhookClient(Clock.systemUTC()), receipts::publish, deadLetterTemplate, Clock.systemUTC());
    }

    @Bean
    MessageCatalog messageCatalog(NotifierProperties properties) {
        return new MessageCatalog(properties.brands(), properties.statusUrl());
    }

    @Bean
    SentSmsRegistry sentSmsRegistry() {
        return new SentSmsRegistry(1_000_000);
    }

    @Bean(destroyMethod = "close")
    SmppGateway smppGateway(NotifierProperties properties, AtomicReference<DeliveryService> deliveryRef) {
        return new SmppGateway(properties.sms(), receipt -> {
            DeliveryService delivery = deliveryRef.get();
            if (delivery != null) {
                delivery.onSmsReceipt(receipt);
            }
        });
    }

    @Bean
    AtomicReference<DeliveryService> deliveryRef() {
        return new AtomicReference<>();
    }

    /** SMTP connections kept open between emails, one per sender thread, on the relay of {@code spring.mail.*}. */
    @Bean(destroyMethod = "close")
    SmtpConnectionPool smtpConnectionPool(JavaMailSender mail, NotifierProperties properties,
                                          MeterRegistry registry) {
        if (!(mail instanceof JavaMailSenderImpl relay)) {
            throw new IllegalStateException("the notifier needs Spring Boot's JavaMailSenderImpl (spring.mail.*), got "
                    + mail.getClass().getName());
        }
        SmtpConnectionPool pool = new SmtpConnectionPool(relay.getSession(), new SmtpConnectionPool.Relay(
                relay.getHost(), relay.getPort(), relay.getUsername(), relay.getPassword()), properties.senders(),
                Duration.ofSeconds(30));
        FunctionCounter.builder("faultline.smtp.connections.opened", pool, SmtpConnectionPool::connectionsOpened)
                .description("SMTP connections opened (the pool keeps them open between emails)").register(registry);
        return pool;
    }

    @Bean
    DeliveryService deliveryService(MessageCatalog catalog, SmppGateway sms, SmtpConnectionPool smtp,
                                    SentSmsRegistry sent, ReceiptPublisher receipts, NotifierMetrics metrics,
                                    NotifierProperties properties, AtomicReference<DeliveryService> deliveryRef) {
        DeliveryService delivery = new DeliveryService(catalog, sms, new EmailGateway(smtp, properties.email().from()),
                sent, receipts, metrics, properties);
        deliveryRef.set(delivery);
        return delivery;
    }
}
