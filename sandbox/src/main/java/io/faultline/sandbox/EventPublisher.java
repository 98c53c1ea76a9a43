package io.faultline.sandbox;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the NOC, the inventory, CRM and care systems (and, to replay them, the detector): publishes their events
 * to the public topics.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, FaultlineEvent> producer;

    public EventPublisher(String bootstrapServers, String source) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new EventSerializer<>(source));
    }

    /** Publishes the event to its topic with its contract key and its event time as record timestamp. */
    public void publish(FaultlineEvent event) {
        String topic;
        String key;
        switch (event) {
            case NetworkAlarm alarm -> {
                topic = Topics.NETWORK_ALARMS.name();
                key = alarm.sourceId();
            }
            case CustomerComplaint complaint -> {
                topic = Topics.CUSTOMER_COMPLAINTS.name();
                key = complaint.subscriberId();
            }
            case NetworkElement element -> {
                topic = Topics.NETWORK_TOPOLOGY.name();
                key = element.elementId();
            }
            case Subscriber subscriber -> {
                topic = Topics.SUBSCRIBERS.name();
                key = subscriber.subscriberId();
            }
            case OutageEvent outage -> {
                topic = Topics.OUTAGES.name();
                key = outage.outage().outageId();
            }
            default -> throw new IllegalArgumentException("the sandbox does not publish " + event.eventType());
        }
        producer.send(new ProducerRecord<>(topic, null, event.occurredAt().toEpochMilli(), key, event));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
