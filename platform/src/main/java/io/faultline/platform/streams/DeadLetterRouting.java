package io.faultline.platform.streams;

import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import io.faultline.common.topics.TopicSpec;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic in a Kafka Streams topology strictly: valid records continue as typed events, invalid ones go,
 * unchanged and with the reason in {@link DeadLetterHeaders}, to {@code TOPIC.dlt} in the same transaction,
 * and processing goes on with the next record.
 */
public final class DeadLetterRouting {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRouting.class);

    private DeadLetterRouting() {
    }

    /** Streams {@code topic}, dead-lettering what is not a valid {@code type}. Tombstones pass through as nulls. */
    public static <T> KStream<String, T> parse(StreamsBuilder builder, String topic, Class<T> type, String service) {
        return parse(builder, topic, type, service, null, null);
    }

    /**
     * As {@link #parse(StreamsBuilder, String, Class, String)}, with the source node named {@code sourceName}
     * instead of {@code read-TOPIC}. Kafka Streams numbers sub-topologies in the order of their source nodes'
     * names, and task ids (so state directories) follow: a source added to a running application must sort after
     * the existing ones, or every task is renamed and restores its state from scratch.
     */
    public static <T> KStream<String, T> parse(StreamsBuilder builder, String topic, Class<T> type, String service,
                                               String sourceName) {
        return read(builder, topic, service, sourceName, (key, bytes) -> {
            if (bytes == null) {
                return Collections.singletonList(null);
            }
            return List.of(EventJson.read(bytes, type));
        });
    }

    /**
     * Streams {@code topic}, dead-lettering what is not a valid {@code type} and records whose key is not
     * {@code expectedKey} of their value (state is kept per key, so a wrongly keyed record would split it).
     * Tombstones pass through as nulls.
     */
    public static <T> KStream<String, T> parse(StreamsBuilder builder, String topic, Class<T> type, String service,
                                               Function<T, String> expectedKey, String keyField) {
        return read(builder, topic, service, (key, bytes) -> {
            if (bytes == null) {
                return Collections.singletonList(null);
            }
            T value = EventJson.read(bytes, type);
            if (expectedKey != null && !expectedKey.apply(value).equals(key)) {
                throw new InvalidEventException("record key '" + key + "' must be the " + keyField + " '"
                        + expectedKey.apply(value) + "' of the " + type.getSimpleName());
            }
            return List.of(value);
        });
    }

    /**
     * Streams {@code topic} through a reader that turns one record into any number of values (a batch of events),
     * dead-lettering the whole record when the reader rejects it. Tombstones are dropped.
     */
    public static <T> KStream<String, T> parseAll(StreamsBuilder builder, String topic,
                                                  Function<byte[], List<T>> reader, String service) {
        return read(builder, topic, service, (key, bytes) -> bytes == null ? List.of() : reader.apply(bytes));
    }

    private static <T> KStream<String, T> read(StreamsBuilder builder, String topic, String service,
                                               BiFunction<String, byte[], List<T>> reader) {
        return read(builder, topic, service, "read-" + topic, reader);
    }

    private static <T> KStream<String, T> read(StreamsBuilder builder, String topic, String service,
                                               String sourceName, BiFunction<String, byte[], List<T>> reader) {
        KStream<String, byte[]> raw = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withName(sourceName));
        String prefix = "parse-" + topic + "-";
        Map<String, KStream<String, Parsed<T>>> branches = raw
                .processValues(() -> new ReadProcessor<>(reader, service), Named.as(prefix + "json"))
                .split(Named.as(prefix))
                .branch((key, parsed) -> parsed.error() != null, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        branches.get(prefix + "invalid")
                .mapValues(Parsed::raw, Named.as(prefix + "raw"))
                .to(topic + TopicSpec.DLT_SUFFIX, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("dead-letter-" + topic));
        return branches.get(prefix + "valid").flatMapValues(Parsed::values, Named.as(prefix + "value"));
    }

    /** Values read from one record, or the reason it could not be read, with the original bytes. */
    record Parsed<T>(List<T> values, byte[] raw, Exception error) {
    }

    private static final class ReadProcessor<T> implements FixedKeyProcessor<String, byte[], Parsed<T>> {

        private final BiFunction<String, byte[], List<T>> reader;
        private final String service;
        private FixedKeyProcessorContext<String, Parsed<T>> context;

        ReadProcessor(BiFunction<String, byte[], List<T>> reader, String service) {
            this.reader = reader;
            this.service = service;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            try {
                List<T> values = reader.apply(record.key(), record.value());
                context.forward(record.withValue(new Parsed<>(values, record.value(), null)));
            } catch (RuntimeException e) {
                RecordMetadata meta = context.recordMetadata().orElse(null);
                String topic = meta == null ? "unknown" : meta.topic();
                int partition = meta == null ? -1 : meta.partition();
                long offset = meta == null ? -1 : meta.offset();
                Headers headers = record.headers();
                DeadLetterHeaders.describe(headers, topic, partition, offset, e, service);
                log.warn("Rejected record {}-{}@{} to {}.dlt: {}", topic, partition, offset, topic,
                        DeadLetterHeaders.reasonOf(e));
                context.forward(record.withValue(new Parsed<T>(List.of(), record.value(), e)).withHeaders(headers));
            }
        }
    }
}
