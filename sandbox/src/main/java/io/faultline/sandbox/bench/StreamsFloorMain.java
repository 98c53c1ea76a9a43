package io.faultline.sandbox.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under any Kafka Streams detector on this machine: a Kafka Streams application with the detector's
 * streams settings (exactly-once v2, two stream threads, 100 ms commit interval, 10 MiB store cache) that does next to nothing with
 * the detector's input topics. Run by {@link StreamsFloor} in its own JVM, as the detector is.
 * <ul>
 *   <li>{@code read}: reads both input topics and counts the records;</li>
 *   <li>{@code repartition}: also re-keys every record (by a hash of its value) through one repartition topic,
 *       the least any detector that groups by something other than the producer's key must do;</li>
 *   <li>{@code remember}: instead, writes one small entry per record to a cached, changelogged key-value store (as
 *       counting each complaining subscriber once per bucket with exactly-once state must), and forwards
 *       nothing.</li>
 * </ul>
 * Arguments: bootstrap servers, state directory, mode, application id.
 */
public final class StreamsFloorMain {

    private static final String REMEMBERED_STORE = "floor-remembered";

    private StreamsFloorMain() {
    }

    /** Remembers each record under its own key (partition and offset) in a changelogged store. */
    private static final class Remember implements Processor<byte[], byte[], Void, Void> {

        private final LongAdder counted;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<Bytes, Long> remembered;

        Remember(LongAdder counted) {
            this.counted = counted;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.remembered = context.getStateStore(REMEMBERED_STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata metadata = context.recordMetadata().orElseThrow();
            Bytes key = Bytes.wrap(ByteBuffer.allocate(12).putInt(metadata.partition()).putLong(metadata.offset())
                    .array());
            if (remembered.get(key) == null) {
                remembered.put(key, record.timestamp());
            }
            counted.increment();
        }
    }

    /** Builds the floor topology of a mode on the builder. */
    static void build(StreamsBuilder builder, String mode, LongAdder counted) {
        KStream<byte[], byte[]> input = builder.stream(ThroughputPhase.INPUT_TOPICS,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        switch (mode) {
            case "read" -> input.foreach((key, value) -> counted.increment());
            case "repartition" -> input
                    .selectKey((key, value) -> ByteBuffer.allocate(4).putInt(Arrays.hashCode(value) & 0xff).array())
                    .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("floor"))
                    .foreach((key, value) -> counted.increment());
            case "remember" -> {
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REMEMBERED_STORE),
                        Serdes.Bytes(), Serdes.Long()).withCachingEnabled());
                input.process(() -> new Remember(counted), REMEMBERED_STORE);
            }
            default -> throw new IllegalArgumentException("unknown floor mode " + mode
                    + " (read, repartition or remember)");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: StreamsFloorMain BOOTSTRAP STATE_DIR read|repartition|remember APP_ID");
        }
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[1]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[3]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024L);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        LongAdder counted = new LongAdder();
        build(builder, args[2], counted);
        Topology topology = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaStreams streams = new KafkaStreams(topology, props);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            System.out.println("counted " + counted.sum() + " records");
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }
}
