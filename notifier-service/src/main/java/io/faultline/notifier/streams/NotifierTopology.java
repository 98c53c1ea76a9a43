package io.faultline.notifier.streams;

import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Subscriber;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.platform.streams.DeadLetterRouting;
import io.faultline.platform.streams.JsonStoreSerde;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's fan-out topology, built the same way for TopologyTestDriver and the real broker.
 * <ul>
 *   <li>subscribers.v1 is validated and materialised in a RocksDB store partitioned by subscriber id: off the
 *       JVM heap, and each instance holds only its partitions;</li>
 *   <li>each outage event is broadcast to every partition of an internal topic co-partitioned with
 *       subscribers.v1, so each task scans only its own subscribers;</li>
 *   <li>how far each fan-out has told is recorded (told ranges, and a decision record per notice of the vulnerable
 *       lane) in the same exactly-once transaction as the notices it emits, so a replay or a restart never decides
 *       a notice twice;</li>
 *   <li>the notices go to the internal notice-requests topic in batches ({@link NoticeBatch}), each batch on the
 *       partition of the task that decided it.</li>
 * </ul>
 */
public final class NotifierTopology {

    public static final String SERVICE = "notifier-service";
    public static final String OUTAGE_BROADCAST_TOPIC = "faultline.notifier.outage-broadcast";
    public static final String NOTICE_REQUESTS_TOPIC = "faultline.notifier.notice-requests";
    /**
     * Invoice holds re-keyed by each line to tell (key: subscriber id), co-partitioned with subscribers.v1 so that
     * each reaches the task holding the line's record.
     */
    public static final String INVOICE_HOLD_LINES_TOPIC = "faultline.notifier.invoice-hold-lines";
    public static final String SUBSCRIBERS_STORE = "subscribers";
    /** Per outage, the union of every scope of its current episode (who may need to hear the end). */
    public static final String OUTAGE_SCOPES_STORE = "outage-scopes";
    /** The vulnerable subscribers alone, so that their lane of a fan-out scans only them. */
    public static final String VULNERABLE_STORE = "vulnerable-subscribers";
    /** The notices decided by vulnerable lanes, one record each under its dedupe key. */
    public static final String NOTICES_DECIDED_STORE = "notices-decided";
    /** Per outage episode, how far each fan-out's whole-base lane has told (see {@link ToldRange}). */
    public static final String TOLD_RANGES_STORE = "told-ranges";
    /** The episodes whose end has not yet reached the whole base (their subscribers' changes are frozen). */
    public static final String OPEN_EPISODES_STORE = "told-open-episodes";
    /** Per episode and subscriber, verdicts frozen when the subscriber changed (see {@link FrozenVerdicts}). */
    public static final String TOLD_FROZEN_STORE = "told-frozen";
    public static final String OUTAGE_VERSIONS_STORE = "outage-versions";
    /** Fan-outs under way, one per outage, with how far each has scanned (see {@link FanOutJob}). */
    public static final String FANOUT_JOBS_STORE = "fanout-jobs";

    private NotifierTopology() {
    }

    public static void build(StreamsBuilder builder, String ceSource, NotifierMetrics metrics) {
        build(builder, ceSource, metrics, FanOutProcessor.DEFAULT_CHUNK_SIZE);
    }

    /**
     * Builds the topology with the given fan-out chunk: how many subscribers one exactly-once transaction scans at
     * most.
     */
    public static void build(StreamsBuilder builder, String ceSource, NotifierMetrics metrics, int fanOutChunk) {
        build(builder, ceSource, metrics, fanOutChunk, FanOutProcessor.DEFAULT_BATCH_SIZE);
    }

    /**
     * Builds the topology with the given fan-out chunk and notice batch: how many notices one record of the
     * notice-requests topic holds at most.
     */
    public static void build(StreamsBuilder builder, String ceSource, NotifierMetrics metrics, int fanOutChunk,
                             int noticeBatch) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUBSCRIBERS_STORE),
                Serdes.String(), SubscriberStoreSerde.create()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VULNERABLE_STORE),
                Serdes.String(), SubscriberStoreSerde.create()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NOTICES_DECIDED_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOLD_RANGES_STORE),
                Serdes.String(), JsonStoreSerde.of(ToldRanges.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_EPISODES_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TOLD_FROZEN_STORE),
                Serdes.String(), JsonStoreSerde.of(FrozenVerdicts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTAGE_VERSIONS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTAGE_SCOPES_STORE),
                Serdes.String(), JsonStoreSerde.of(OutageScope.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FANOUT_JOBS_STORE),
                Serdes.String(), JsonStoreSerde.of(FanOutJob.class)));

        DeadLetterRouting.parse(builder, Topics.SUBSCRIBERS.name(), Subscriber.class, SERVICE)
                .process(SubscriberStoreWriter::new, Named.as("materialise-subscribers"), SUBSCRIBERS_STORE,
                        VULNERABLE_STORE, NOTICES_DECIDED_STORE, TOLD_RANGES_STORE, OPEN_EPISODES_STORE,
                        TOLD_FROZEN_STORE);

        var outageSerde = Topics.OUTAGES.serde(ceSource);
        DeadLetterRouting.parse(builder, Topics.OUTAGES.name(), OutageEvent.class, SERVICE)
                .filter((key, event) -> event != null, Named.as("drop-outage-tombstones"))
                .to(OUTAGE_BROADCAST_TOPIC, Produced.with(Serdes.String(), outageSerde)
                        .withStreamPartitioner(new BroadcastPartitioner<>()).withName("broadcast-outages"));

        var decided = builder.stream(OUTAGE_BROADCAST_TOPIC, Consumed.with(Serdes.String(), outageSerde)
                        .withName("read-outage-broadcast"))
                .process(() -> new FanOutProcessor(metrics, fanOutChunk, noticeBatch, outageSerde),
                        Named.as("fan-out-notices"),
                        SUBSCRIBERS_STORE, VULNERABLE_STORE, NOTICES_DECIDED_STORE, TOLD_RANGES_STORE,
                        OPEN_EPISODES_STORE, TOLD_FROZEN_STORE, OUTAGE_VERSIONS_STORE,
                        OUTAGE_SCOPES_STORE, FANOUT_JOBS_STORE)
                .merge(invoiceHoldNotices(builder, ceSource, metrics), Named.as("notices-and-invoice-holds"))
                .split(Named.as("notice-"))
                .branch((key, emitted) -> emitted.requests() != null, Branched.as("request"))
                .defaultBranch(Branched.as("suppressed"));
        KStream<String, NoticeBatch> requests = decided.get("notice-request")
                .mapValues(FanOutEmission::requests, Named.as("notice-request-value"));
        requests.to(NOTICE_REQUESTS_TOPIC, Produced.with(Serdes.String(), NoticeBatchSerde.create())
                .withStreamPartitioner(new TaskPartitioner<>()).withName("write-notice-requests"));
        KStream<String, NoticeReceipt> suppressed = decided.get("notice-suppressed")
                .mapValues(FanOutEmission::suppressed, Named.as("notice-suppressed-value"));
        suppressed.to(Topics.NOTICE_RECEIPTS.name(), Produced.with(Serdes.String(),
                Topics.NOTICE_RECEIPTS.serde(ceSource)).withName("write-suppressed-receipts"));
    }

    /**
     * The source of billing.invoice-holds.v1, named to sort after the sources of earlier versions (read-outages.v1,
     * read-subscribers.v1): sub-topology ids, and so task ids and state directories, stay as they were.
     */
    static final String HOLDS_SOURCE = "read-x-billing.invoice-holds.v1";

    /**
     * The notices telling the lines of an account that its invoice is held: each hold of billing.invoice-holds.v1
     * (key: account id) is re-keyed by the lines it names, through {@link #INVOICE_HOLD_LINES_TOPIC}, to the task
     * holding each line.
     */
    private static KStream<String, FanOutEmission> invoiceHoldNotices(StreamsBuilder builder, String ceSource,
                                                                     NotifierMetrics metrics) {
        var holdSerde = Topics.BILLING_INVOICE_HOLDS.serde(ceSource);
        DeadLetterRouting.parse(builder, Topics.BILLING_INVOICE_HOLDS.name(), InvoiceHoldEvent.class, SERVICE,
                        HOLDS_SOURCE)
                .flatMap((account, event) -> event instanceof InvoiceHeld held
                        ? held.contactLines().stream().distinct()
                                .map(line -> KeyValue.<String, InvoiceHoldEvent>pair(line, held)).toList()
                        : List.<KeyValue<String, InvoiceHoldEvent>>of(), Named.as("invoice-hold-by-line"))
                .to(INVOICE_HOLD_LINES_TOPIC, Produced.with(Serdes.String(), holdSerde)
                        .withName("write-invoice-hold-lines"));
        return builder.stream(INVOICE_HOLD_LINES_TOPIC, Consumed.with(Serdes.String(), holdSerde)
                        .withName("read-invoice-hold-lines"))
                .process(() -> new InvoiceHoldNoticeProcessor(metrics), Named.as("invoice-hold-notices"),
                        SUBSCRIBERS_STORE, NOTICES_DECIDED_STORE);
    }

    /**
     * Sends a notice batch to the partition its key names: the partition of the fan-out task that decided it
     * (modulo the topic's partitions), so that a customer's notices, all decided by the task holding the customer,
     * stay in one partition and in order.
     */
    static final class TaskPartitioner<V> implements StreamPartitioner<String, V> {

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
            return Optional.of(Set.of(Integer.parseInt(key) % numPartitions));
        }
    }

    /** Sends each record to every partition (KIP-837 multicast). */
    static final class BroadcastPartitioner<V> implements StreamPartitioner<String, V> {

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }
}
