package io.faultline.sandbox.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one producer configuration of the benchmark, used for the raw broker figure, the backlog and the live load
 * alike, so that the detector is compared with the broker on equal terms: {@code acks=all}, idempotence on,
 * {@code linger.ms=20}, 256 KiB batches, lz4 compression (the sandbox's {@code EventPublisher} settings).
 */
final class LoadProducer implements AutoCloseable {

    static final Map<String, Object> SETTINGS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);

    private final KafkaProducer<String, byte[]> producer;
    private volatile Exception failure;

    LoadProducer(String bootstrapServers) {
        java.util.HashMap<String, Object> config = new java.util.HashMap<>(SETTINGS);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends a record; a failed send is remembered and thrown by {@link #flush()}. */
    void send(ProducerRecord<String, byte[]> record) {
        send(record, null);
    }

    /** Sends a record and calls {@code acknowledged} once the broker has it (on the producer's I/O thread). */
    void send(ProducerRecord<String, byte[]> record, Runnable acknowledged) {
        Callback callback = (metadata, exception) -> {
            if (exception != null) {
                failure = exception;
            } else if (acknowledged != null) {
                acknowledged.run();
            }
        };
        producer.send(record, callback);
    }

    /** Waits until every record sent so far is acknowledged; throws if any send failed. */
    void flush() {
        producer.flush();
        if (failure != null) {
            throw new IllegalStateException("a benchmark record was not accepted by the broker", failure);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
