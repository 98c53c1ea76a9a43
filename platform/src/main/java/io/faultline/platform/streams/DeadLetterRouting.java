package io.faultline.platform.streams;

import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.serde.InvalidEventException;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic in a Kafka Streams topology strictly: valid records continue as typed events, invalid ones go,
 * unchanged and with the reason in {@link DeadLetterHeaders}, to {@code TOPIC.dlt} in the same transaction,
 * and processing goes on with the next record. Tombstones (null values) pass through as nulls.
 */
public final class DeadLetterRouting {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRouting.class);

    private DeadLetterRouting() {
    }

    /** Streams {@code topic}, dead-lettering what is not a valid {@code type}. */
    public static <T> KStream<String, T> parse(StreamsBuilder builder, String topic, Class<T> type, String service) {
        return parse(builder, topic, type, service, null, null);
    }

    /**
     * Streams {@code topic}, dead-lettering what is not a valid {@code type} and records whose key is not
     * {@code expectedKey} of their value (state is kept per key, so a wrongly keyed record would split it).
     */
    public static <T> KStream<String, T> parse(StreamsBuilder builder, String topic, Class<T> type, String service,
                                               Function<T, String> expectedKey, String keyField) {
        KStream<String, byte[]> raw = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withName("read-" + topic));
        String prefix = "parse-" + topic + "-";
        Map<String, KStream<String, Parsed<T>>> branches = raw
                .processValues(() -> new ParseProcessor<>(type, service, expectedKey, keyField), Named.as(prefix + "json"))
                .split(Named.as(prefix))
                .branch((key, parsed) -> parsed.error() != null, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        branches.get(prefix + "invalid")
                .mapValues(Parsed::raw, Named.as(prefix + "raw"))
                .to(topic + TopicSpec.DLT_SUFFIX, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("dead-letter-" + topic));
        return branches.get(prefix + "valid").mapValues(Parsed::value, Named.as(prefix + "value"));
    }

    /**
     * Streams {@code topic} through a reader that turns one record into any number of values (a batch of events),
     * dead-lettering the whole record when the reader rejects it. Tombstones are dropped.
     */
    public static <T> KStream<String, T> parseAll(StreamsBuilder builder, String topic,
                                                  Function<byte[], List<T>> reader, String service) {
        KStream<String, byte[]> raw = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withName("read-" + topic));
        String prefix = "parse-" + topic + "-";
        Map<String, KStream<String, ParsedAll<T>>> branches = raw
                .filter((key, value) -> value != null, Named.as(prefix + "drop-tombstones"))
                .processValues(() -> new ReadAllProcessor<>(reader, service), Named.as(prefix + "read"))
                .split(Named.as(prefix))
                .branch((key, parsed) -> parsed.error() != null, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));
        branches.get(prefix + "invalid")
                .mapValues(ParsedAll::raw, Named.as(prefix + "raw"))
                .to(topic + TopicSpec.DLT_SUFFIX, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("dead-letter-" + topic));
        return branches.get(prefix + "valid").flatMapValues(ParsedAll::values, Named.as(prefix + "values"));
    }

    /** Values read from one record, or the reason it could not be read, with the original bytes. */
    record ParsedAll<T>(List<T> values, byte[] raw, Exception error) {
    }

    private static final class ReadAllProcessor<T> implements FixedKeyProcessor<String, byte[], ParsedAll<T>> {

        private final Function<byte[], List<T>> reader;
        private final String service;
        private FixedKeyProcessorContext<String, ParsedAll<T>> context;

        ReadAllProcessor(Function<byte[], List<T>> reader, String service) {
            this.reader = reader;
            this.service = service;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, ParsedAll<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            try {
                context.forward(record.withValue(new ParsedAll<T>(reader.apply(record.value()), record.value(), null)));
            } catch (RuntimeException e) {
                Headers headers = rejected(context.recordMetadata().orElse(null), record.headers(), e, service);
                context.forward(record.withValue(new ParsedAll<T>(List.of(), record.value(), e)).withHeaders(headers));
            }
        }
    }

    private static Headers rejected(org.apache.kafka.streams.processor.api.RecordMetadata meta, Headers headers,
                                    Exception e, String service) {
        String topic = meta == null ? "unknown" : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        DeadLetterHeaders.describe(headers, topic, partition, offset, e, service);
        log.warn("Rejected record {}-{}@{} to {}.dlt: {}", topic, partition, offset, topic,
                DeadLetterHeaders.reasonOf(e));
        return headers;
    }

    /** Either a value or the reason it could not be read, with the original bytes. */
    record Parsed<T>(T value, byte[] raw, Exception error) {
    }

    private static final class ParseProcessor<T> implements FixedKeyProcessor<String, byte[], Parsed<T>> {

        private final Class<T> type;
        private final String service;
        private final Function<T, String> expectedKey;
        private final String keyField;
        private FixedKeyProcessorContext<String, Parsed<T>> context;

        ParseProcessor(Class<T> type, String service, Function<T, String> expectedKey, String keyField) {
            this.type = type;
            this.service = service;
            this.expectedKey = expectedKey;
            this.keyField = keyField;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            if (record.value() == null) {
                context.forward(record.withValue(new Parsed<T>(null, null, null)));
                return;
            }
            try {
                T value = EventJson.read(record.value(), type);
                if (expectedKey != null && !expectedKey.apply(value).equals(record.key())) {
                    throw new InvalidEventException("record key '" + record.key() + "' must be the " + keyField
                            + " '" + expectedKey.apply(value) + "' of the " + type.getSimpleName());
                }
                context.forward(record.withValue(new Parsed<>(value, record.value(), null)));
            } catch (RuntimeException e) {
                Headers headers = rejected(context.recordMetadata().orElse(null), record.headers(), e, service);
                context.forward(record.withValue(new Parsed<T>(null, record.value(), e)).withHeaders(headers));
            }
        }
    }
}
