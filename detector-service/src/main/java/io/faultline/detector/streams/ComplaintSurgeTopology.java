package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.Service;
import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.detector.complaints.SurgeDetector;
import io.faultline.detector.complaints.SurgeDetectorState;
import io.faultline.detector.complaints.SurgeLevels;
import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.detection.ComplaintSurge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Complaint-surge detection in Kafka Streams: complaints are re-keyed by {@code region|SERVICE} (record timestamp
 * set to the complaint time, so that stream time is event time) through the repartition topic
 * {@value #BY_REGION_SERVICE_TOPIC}, then a {@link ComplaintSurgeProcessor} runs a {@link SurgeDetector} per key.
 * Its detector states, baselines and per-bucket subscribers seen live in changelog-backed stores (RocksDB unless
 * another supplier is given), so a restart, or a move of the task to another instance, keeps the learned
 * hour-of-week baselines and any surge under way.
 */
public final class ComplaintSurgeTopology {

    /** Detector state per {@code region|SERVICE}. */
    public static final String SURGES_STORE = "complaint-surges";
    /** Learned hour-of-week baseline per {@code region|SERVICE}. */
    public static final String BASELINES_STORE = "complaint-baselines";
    /** Subscribers already counted per bucket and key, to count each complaining subscriber once per bucket. */
    public static final String SUBSCRIBERS_SEEN_STORE = "complaint-subscribers-seen";
    /** Name of the repartition topic that groups complaints by region and service. */
    public static final String BY_REGION_SERVICE_TOPIC = "complaints-by-region-service";
    /** Complaints stamped further ahead of the wall clock than this are dropped: one would close every bucket. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ComplaintSurgeTopology.class);

    private ComplaintSurgeTopology() {
    }

    /**
     * Adds the complaint-surge detection to the builder.
     *
     * @param validComplaints complaints that passed validation (any key; null values are ignored)
     * @return STARTED, CONTINUING and ENDED signals keyed by {@code region|SERVICE}
     */
    public static KStream<String, ComplaintSurge> surges(StreamsBuilder builder,
                                                          KStream<String, CustomerComplaint> validComplaints,
                                                          SurgeSettings settings) {
        return surges(builder, validComplaints, settings, Stores::persistentKeyValueStore);
    }

    /**
     * Adds the complaint-surge detection to the builder with stores from the given supplier (RocksDB in the
     * service, memory in TopologyTestDriver replays); changelogged either way.
     */
    public static KStream<String, ComplaintSurge> surges(StreamsBuilder builder,
                                                          KStream<String, CustomerComplaint> validComplaints,
                                                          SurgeSettings settings,
                                                          Function<String, KeyValueBytesStoreSupplier> stores) {
        return surges(builder, validComplaints, settings, stores, DetectorMetrics.NONE);
    }

    /** As {@link #surges(StreamsBuilder, KStream, SurgeSettings, Function)}, counting what it refuses in metrics. */
    public static KStream<String, ComplaintSurge> surges(StreamsBuilder builder,
                                                          KStream<String, CustomerComplaint> validComplaints,
                                                          SurgeSettings settings,
                                                          Function<String, KeyValueBytesStoreSupplier> stores,
                                                          DetectorMetrics metrics) {
        storeBuilders(stores).forEach(builder::addStateStore);
        return validComplaints
                .process(KeyByRegionAndService::new, Named.as("key-complaints-by-region-service"))
                .repartition(Repartitioned.with(Serdes.String(), ComplaintSighting.serde())
                        .withName(BY_REGION_SERVICE_TOPIC))
                .process(() -> new ComplaintSurgeProcessor(settings, metrics), Named.as("detect-complaint-surges"),
                        SURGES_STORE, BASELINES_STORE, SUBSCRIBERS_SEEN_STORE);
    }

    /** Key of a (region, service): {@code region|SERVICE}, as {@link ComplaintSurge#key()}. */
    public static String key(String region, Service service) {
        return region + "|" + service;
    }

    /**
     * The levels a complaint bucket of the key is judged against at the given time, from the baseline store
     * (for instance an interactive-query view of {@link #BASELINES_STORE}); empty when the key has no baseline.
     */
    public static Optional<SurgeLevels> levels(ReadOnlyKeyValueStore<String, HourOfWeekBaseline> baselines,
                                               String key, Instant at, SurgeSettings settings) {
        HourOfWeekBaseline baseline = baselines.get(key);
        return baseline == null ? Optional.empty()
                : Optional.of(new SurgeDetector(settings).levels(baseline, settings.bucketStart(at)));
    }

    /** The persistent, changelog-backed stores of the detection. */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> storeBuilders() {
        return storeBuilders(Stores::persistentKeyValueStore);
    }

    /** The changelog-backed stores of the detection, from the given supplier. */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> storeBuilders(
            Function<String, KeyValueBytesStoreSupplier> stores) {
        return List.of(
                Stores.keyValueStoreBuilder(stores.apply(SURGES_STORE), Serdes.String(),
                        SurgeStateSerde.serde()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(stores.apply(BASELINES_STORE), Serdes.String(),
                        BaselineSerde.serde()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(stores.apply(SUBSCRIBERS_SEEN_STORE), Serdes.String(),
                        Serdes.Long()).withCachingEnabled());
    }

    /** Re-keys a complaint by region and service, keeps what detection needs and stamps it with its time. */
    private static final class KeyByRegionAndService
            implements Processor<String, CustomerComplaint, String, ComplaintSighting> {

        private ProcessorContext<String, ComplaintSighting> context;

        @Override
        public void init(ProcessorContext<String, ComplaintSighting> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, CustomerComplaint> record) {
            CustomerComplaint complaint = record.value();
            if (complaint == null) {
                return;
            }
            long wallClock = context.currentSystemTimeMs();
            if (wallClock > 0 && complaint.time().toEpochMilli() > wallClock + MAX_CLOCK_SKEW.toMillis()) {
                log.warn("Complaint {} ignored for surge detection: its time {} is more than {} ahead of the clock",
                        complaint.complaintId(), complaint.time(), MAX_CLOCK_SKEW);
                return;
            }
            int source = context.recordMetadata().map(RecordMetadata::partition)
                    .orElse(ComplaintSighting.UNKNOWN_SOURCE);
            context.forward(new Record<>(key(complaint.region(), complaint.service()),
                    ComplaintSighting.of(complaint, source), complaint.time().toEpochMilli()));
        }
    }
}
