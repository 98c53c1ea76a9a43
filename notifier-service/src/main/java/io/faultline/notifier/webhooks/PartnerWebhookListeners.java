package io.faultline.notifier.webhooks;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Posts every outage event of outages.v1 to every partner, signed ({@link WebhookSignature}). Each partner has its
 * own consumer group ({@code notifier-service-webhook-<name>}) and listener, so a partner that is down delays only
 * itself, and each partner sees the events of an outage in order. An event a partner does not accept is tried
 * again with exponential back-off ({@link Partner#maxAttempts()}, from {@link Partner#initialBackoff()}, doubling, at
 * most a minute apart); after the last attempt, or at once when the partner refused the request itself (4xx), it
 * goes to {@value #DEAD_LETTER_TOPIC} with the partner and the reason, and the listener goes on. Every outcome is a
 * receipt on notice.receipts.v1 (channel WEBHOOK, recipient {@code partner-<name>}): ACCEPTED or FAILED. Delivery is
 * at least once: a restart may post an event again, with the same {@value WebhookClient#EVENT_ID_HEADER}.
 */
public final class PartnerWebhookListeners implements SmartLifecycle {

    /** Events a partner did not accept (key: partner name; value: the outage event). */
    public static final String DEAD_LETTER_TOPIC = "faultline.notifier.webhooks.dlt";
    /** Header of a dead-letter record naming the partner. */
    public static final String PARTNER_HEADER = "faultline_partner";
    private static final String SERVICE = "notifier-service";
    private static final Logger log = LoggerFactory.getLogger(PartnerWebhookListeners.class);

    private final List<ConcurrentMessageListenerContainer<String, OutageEvent>> containers = new ArrayList<>();
    private final WebhookClient client;
    private final Consumer<NoticeReceipt> receipts;
    private final KafkaTemplate<String, Object> deadLetters;
    private final Clock clock;
    private volatile boolean running;

    /**
     * @param consumerConfig consumer settings (bootstrap servers and the like); group and deserialisers are set here
     * @param receipts       where receipts go (notice.receipts.v1)
     * @param deadLetters    producer of the dead-letter records
     */
    public PartnerWebhookListeners(List<Partner> partners, Map<String, Object> consumerConfig, WebhookClient client,
                                   Consumer<NoticeReceipt> receipts, KafkaTemplate<String, Object> deadLetters,
                                   Clock clock) {
        this.client = client;
        this.receipts = receipts;
        this.deadLetters = deadLetters;
        this.clock = clock;
        for (Partner partner : partners) {
            containers.add(container(partner, consumerConfig));
        }
    }

    private ConcurrentMessageListenerContainer<String, OutageEvent> container(Partner partner,
                                                                               Map<String, Object> consumerConfig) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, SERVICE + "-webhook-" + partner.name());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        var consumers = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(Topics.OUTAGES.serde(SERVICE).deserializer()));
        ContainerProperties properties = new ContainerProperties(Topics.OUTAGES.name());
        properties.setAckMode(ContainerProperties.AckMode.RECORD);
        properties.setMessageListener((MessageListener<String, OutageEvent>) record -> post(partner, record));
        var container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setBeanName("webhook-" + partner.name());
        container.setConcurrency(1);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(partner.maxAttempts() - 1);
        backOff.setInitialInterval(partner.initialBackoff().toMillis());
        backOff.setMultiplier(2);
        backOff.setMaxInterval(60_000);
        DefaultErrorHandler errors = new DefaultErrorHandler((record, error) -> giveUp(partner, record, error), backOff);
        errors.addNotRetryableExceptions(WebhookFailure.Rejected.class, DeserializationException.class);
        container.setCommonErrorHandler(errors);
        return container;
    }

    private void post(Partner partner, ConsumerRecord<String, OutageEvent> record) {
        OutageEvent event = record.value();
        if (event == null) {
            return;
        }
        try {
            int status = client.post(partner, event.eventId(), event.eventType().ceType(), EventJson.write(event));
            receipts.accept(receipt(partner, event, NoticeState.ACCEPTED, "HTTP " + status, null));
        } catch (WebhookFailure failure) {
            if (failure.permanent()) {
                throw new WebhookFailure.Rejected(failure);
            }
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    private void giveUp(Partner partner, ConsumerRecord<?, ?> record, Exception error) {
        if (record.value() instanceof OutageEvent event) {
            String reason = DeadLetterHeaders.reasonOf(error);
            log.warn("Webhook of {} to {} given up: {}", event.eventId(), partner, reason);
            ProducerRecord<String, Object> dead = new ProducerRecord<>(DEAD_LETTER_TOPIC, partner.name(), event);
            dead.headers().add(DeadLetterHeaders.REJECTED_BY, SERVICE.getBytes(StandardCharsets.UTF_8));
            dead.headers().add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
            dead.headers().add(PARTNER_HEADER, partner.name().getBytes(StandardCharsets.UTF_8));
            deadLetters.send(dead).join();
            receipts.accept(receipt(partner, event, NoticeState.FAILED, null, reason));
        } else {
            log.warn("Skipping a record of {} that is not an outage event for {}: {}", record.topic(), partner,
                    DeadLetterHeaders.reasonOf(error));
        }
    }

    private NoticeReceipt receipt(Partner partner, OutageEvent event, NoticeState state, String providerId,
                                  String detail) {
        String noticeId = event.outage().outageId() + ":" + event.status() + ".v" + event.outage().version() + ":"
                + partner.recipient() + ":" + NoticeChannel.WEBHOOK;
        return new NoticeReceipt(noticeId, partner.recipient(), event.outage().outageId(), event.outage().version(),
                event.status(), NoticeChannel.WEBHOOK, state, providerId, detail, clock.instant());
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
