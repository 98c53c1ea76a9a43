package io.faultline.compensation.subscribers;

import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.InvalidEventException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Keeps the subscriber table in step with the compacted {@code subscribers.v1}: each poll is applied as one batch
 * upsert (tombstones delete). A record that is not a valid subscriber, or whose key is not its subscriber id,
 * stops the batch there: the records before it are stored, it goes to {@code subscribers.v1.dlt}, and the records
 * after it are delivered again.
 */
@Component
public class SubscriberListener {

    /** Id of the listener container; its consumer group's committed offsets tell how far the table has got. */
    public static final String LISTENER_ID = "compensation-subscribers";

    private static final Logger log = LoggerFactory.getLogger(SubscriberListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(SubscriberListener.class);

    private final SubscriberStore store;

    public SubscriberListener(SubscriberStore store) {
        this.store = store;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "subscribers.v1",
            containerFactory = "subscriberListenerContainerFactory")
    public void onSubscribers(List<ConsumerRecord<String, Subscriber>> records) {
        Map<String, Subscriber> latestByKey = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, Subscriber> record = records.get(i);
            RuntimeException invalid = invalidity(record);
            if (invalid != null) {
                store.apply(latestByKey);
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, i);
            }
            latestByKey.remove(record.key());
            latestByKey.put(record.key(), record.value());
        }
        store.apply(latestByKey);
        log.debug("Applied {} subscriber records ({} keys)", records.size(), latestByKey.size());
    }

    private static RuntimeException invalidity(ConsumerRecord<String, Subscriber> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (failure != null) {
            return failure;
        }
        if (record.key() == null) {
            return new InvalidEventException("subscribers.v1 record without key: the key must be the subscriber id");
        }
        Subscriber subscriber = record.value();
        if (subscriber != null && !record.key().equals(subscriber.subscriberId())) {
            return new InvalidEventException("subscribers.v1 key '" + record.key()
                    + "' is not the subscriberId '" + subscriber.subscriberId() + "' of the value");
        }
        return null;
    }
}
