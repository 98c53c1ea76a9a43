package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.topics.Topics;
import io.faultline.detector.alarms.AlarmNormalizer;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.DetectionSignal;
import io.faultline.detector.detection.ElementSignal;
import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.detection.NocCommand;
import io.faultline.detector.detection.OpenOutage;
import io.faultline.detector.detection.PendingFailure;
import io.faultline.platform.streams.DeadLetterRouting;
import io.faultline.platform.streams.JsonStoreSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The detector's Kafka Streams topology. The same method builds it for TopologyTestDriver and for the real
 * broker.
 * <ul>
 *   <li>network.topology.v1 is validated (invalid records to its .dlt) into an internal compacted topic that
 *       feeds a global store, so every instance sees the whole inventory;</li>
 *   <li>network.alarms.v1 is read in any accepted format (native, VES 7.x, 3GPP TS 28.532; batches split;
 *       see {@link AlarmNormalizer}), re-keyed by source element so all alarms of an element meet in one task
 *       whatever key the producer used, deduplicated by event id and correlated per element into outage
 *       lifecycle events on outages.v1 (key: outage id);</li>
 *   <li>customer.complaints.v1 is validated and watched for surges of distinct complaining customers per region
 *       and service against an hour-of-week baseline (see {@link ComplaintSurgeTopology});</li>
 *   <li>element failures and restorations, complaint surges and NOC commands meet on one partition, where the
 *       outage manager decides the public lifecycle on outages.v1 (key: outage id), see
 *       {@link io.faultline.detector.detection.OutageManager}.</li>
 * </ul>
 * Every state store is changelogged and cached: a key written many times between two commits (a region's surge
 * state, once per complaint) reaches its changelog once per commit.
 */
public final class DetectorTopology {

    public static final String SERVICE = "detector-service";
    public static final String VALIDATED_TOPOLOGY_TOPIC = "faultline.detector.topology-validated";
    public static final String TOPOLOGY_STORE = "topology";
    public static final String OPEN_OUTAGES_STORE = "open-outages";
    public static final String SEEN_ALARM_EVENTS_STORE = "seen-alarm-events";
    public static final String RECENTLY_RESOLVED_STORE = "recently-resolved";
    public static final String EARLY_CLEARS_STORE = "early-clears";
    public static final String OUTAGES_STORE = "outages";
    public static final String ELEMENT_FAILURES_STORE = "element-failures";
    public static final String PENDING_FAILURES_STORE = "pending-failures";
    public static final String ACTIVE_SURGES_STORE = "active-surges";
    public static final String NOC_COMMANDS_STORE = "noc-commands-applied";
    /** Input of manual NOC actions, written by the REST layer (key: command id). */
    public static final String NOC_COMMANDS_TOPIC = "faultline.detector.noc-commands";
    /** Key under which every detection signal meets in the single partition of the outage manager. */
    static final String NETWORK_KEY = "network";

    private DetectorTopology() {
    }

    public static void build(StreamsBuilder builder, DetectorSettings settings, DetectorMetrics metrics) {
        var elementSerde = Topics.NETWORK_TOPOLOGY.serde(settings.ceSource());
        DeadLetterRouting.parse(builder, Topics.NETWORK_TOPOLOGY.name(), NetworkElement.class, SERVICE)
                .to(VALIDATED_TOPOLOGY_TOPIC, Produced.with(Serdes.String(), elementSerde)
                        .withName("write-validated-topology"));
        builder.globalTable(VALIDATED_TOPOLOGY_TOPIC, Consumed.with(Serdes.String(), elementSerde)
                        .withName("read-validated-topology"),
                Materialized.<String, NetworkElement>as(settings.keyValueStore(TOPOLOGY_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(elementSerde));

        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(OPEN_OUTAGES_STORE),
                Serdes.String(), JsonStoreSerde.of(OpenOutage.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(SEEN_ALARM_EVENTS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(RECENTLY_RESOLVED_STORE),
                Serdes.String(), JsonStoreSerde.of(io.faultline.common.events.OutageSnapshot.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(EARLY_CLEARS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        KStream<String, DetectionSignal> elementSignals = DeadLetterRouting.parseAll(builder,
                        Topics.NETWORK_ALARMS.name(), AlarmNormalizer::normalize, SERVICE)
                .selectKey((key, alarm) -> alarm.sourceId(), Named.as("key-alarms-by-source"))
                .repartition(Repartitioned.with(Serdes.String(), JsonStoreSerde.of(NetworkAlarm.class))
                        .withName("alarms-by-source"))
                .process(() -> new AlarmProcessor(settings, metrics), Named.as("correlate-alarms"),
                        OPEN_OUTAGES_STORE, SEEN_ALARM_EVENTS_STORE, RECENTLY_RESOLVED_STORE, EARLY_CLEARS_STORE)
                .mapValues(signal -> (DetectionSignal) signal, Named.as("element-signals"));

        KStream<String, DetectionSignal> nocSignals = builder.stream(NOC_COMMANDS_TOPIC,
                        Consumed.with(Serdes.String(), nocCommandSerde()).withName("read-noc-commands"))
                .filter((key, command) -> command != null, Named.as("drop-noc-tombstones"))
                .mapValues(command -> (DetectionSignal) command, Named.as("noc-signals"));


        KStream<String, CustomerComplaint> complaints = DeadLetterRouting.parse(builder,
                        Topics.CUSTOMER_COMPLAINTS.name(), CustomerComplaint.class, SERVICE)
                .filter((key, complaint) -> complaint != null, Named.as("drop-complaint-tombstones"))
                .peek((key, complaint) -> metrics.complaint(complaint), Named.as("count-complaints"));
        KStream<String, DetectionSignal> surgeSignals = ComplaintSurgeTopology.surges(builder, complaints,
                        settings.surge(), settings::keyValueStore, metrics)
                .mapValues(surge -> (DetectionSignal) surge, Named.as("surge-signals"));

        manageOutages(builder, elementSignals.merge(nocSignals, Named.as("merge-noc-signals"))
                .merge(surgeSignals, Named.as("merge-surge-signals")), settings, metrics);
    }

    /**
     * Brings every detection signal to one partition where the outage manager sees the whole network, and writes
     * the lifecycle events it decides to outages.v1.
     */
    private static void manageOutages(StreamsBuilder builder, KStream<String, DetectionSignal> signals,
                                      DetectorSettings settings, DetectorMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(OUTAGES_STORE),
                Serdes.String(), JsonStoreSerde.of(ManagedOutage.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(ELEMENT_FAILURES_STORE),
                Serdes.String(), JsonStoreSerde.of(ElementSignal.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(PENDING_FAILURES_STORE),
                Serdes.String(), JsonStoreSerde.of(PendingFailure.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(ACTIVE_SURGES_STORE),
                Serdes.String(), JsonStoreSerde.of(ComplaintSurge.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.keyValueStore(NOC_COMMANDS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        signals.selectKey((key, signal) -> NETWORK_KEY, Named.as("key-signals-by-network"))
                .repartition(Repartitioned.with(Serdes.String(), JsonStoreSerde.of(DetectionSignal.class))
                        .withName("detection-signals").withNumberOfPartitions(1))
                .process(() -> new OutageManagerProcessor(settings, metrics), Named.as("manage-outages"),
                        OUTAGES_STORE, ELEMENT_FAILURES_STORE, PENDING_FAILURES_STORE, ACTIVE_SURGES_STORE,
                        NOC_COMMANDS_STORE)
                .peek((outageId, event) -> metrics.outageEvent(event), Named.as("count-outage-events"))
                .to(Topics.OUTAGES.name(), Produced.with(Serdes.String(), Topics.OUTAGES.serde(settings.ceSource()))
                        .withName("write-outages"));
    }

    /** Reads NOC commands; a record that is not one is logged and skipped rather than stopping the detector. */
    private static org.apache.kafka.common.serialization.Serde<NocCommand> nocCommandSerde() {
        var json = JsonStoreSerde.of(NocCommand.class);
        return Serdes.serdeFrom(json.serializer(), (topic, bytes) -> {
            try {
                return json.deserializer().deserialize(topic, bytes);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DetectorTopology.class)
                        .error("Skipping a record of {} that is not a NOC command: {}", topic, e.getMessage());
                return null;
            }
        });
    }
}
