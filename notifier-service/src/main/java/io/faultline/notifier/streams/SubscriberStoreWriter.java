package io.faultline.notifier.streams;

import io.faultline.common.events.Subscriber;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest record of each subscriber; a tombstone removes it. A vulnerable subscriber is also kept in the
 * vulnerable store (and removed from it when no longer flagged), the fan-out's first lane.
 */
final class SubscriberStoreWriter implements Processor<String, Subscriber, Void, Void> {

    private KeyValueStore<String, Subscriber> store;
    private KeyValueStore<String, Subscriber> vulnerable;
    private ToldBook book;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(NotifierTopology.SUBSCRIBERS_STORE);
        vulnerable = context.getStateStore(NotifierTopology.VULNERABLE_STORE);
        book = new ToldBook(context);
    }

    @Override
    public void process(Record<String, Subscriber> record) {
        if (record.key() == null) {
            return;
        }
        book.beforeChange(record.key(), () -> store.get(record.key()), record.value());
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        if (record.value() != null && record.value().vulnerable()) {
            vulnerable.put(record.key(), record.value());
        } else if (vulnerable.get(record.key()) != null) {
            vulnerable.delete(record.key());
        }
    }
}
