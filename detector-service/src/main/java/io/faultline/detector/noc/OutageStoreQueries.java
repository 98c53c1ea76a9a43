package io.faultline.detector.noc;

import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.streams.DetectorTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reads the outage manager's state through Kafka Streams interactive queries: the outages store (open and
 * recently resolved outages with their history) and the ids of the NOC commands already applied.
 * <p>
 * Both stores live in the single task of the outage manager, so exactly one instance holds them. With
 * {@code application.server} set (several instances), the store's active host is looked up first: when it is
 * another instance, the query fails with a 503 that names it. Without it (one instance), the local store is
 * queried. While the task is restoring or moving (rebalancing), or not here, the query fails with a 503 and
 * {@code Retry-After}.
 */
@Component
class OutageStoreQueries {

    /** Key of the manager's single partition ({@code DetectorTopology.NETWORK_KEY}): where its stores live. */
    private static final String MANAGER_KEY = "network";

    private final StreamsBuilderFactoryBean streams;
    private final Duration retryAfter;

    OutageStoreQueries(StreamsBuilderFactoryBean streams, NocProperties properties) {
        this.streams = streams;
        this.retryAfter = properties.retryAfter();
    }

    /** Every outage kept by the manager, open or recently resolved. */
    List<ManagedOutage> outages() {
        return this.<ManagedOutage, List<ManagedOutage>>read(DetectorTopology.OUTAGES_STORE, store -> {
            List<ManagedOutage> outages = new ArrayList<>();
            try (KeyValueIterator<String, ManagedOutage> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        outages.add(entry.value);
                    }
                });
            }
            return outages;
        });
    }

    Optional<ManagedOutage> outage(String outageId) {
        return this.<ManagedOutage, Optional<ManagedOutage>>read(DetectorTopology.OUTAGES_STORE,
                store -> Optional.ofNullable(store.get(outageId)));
    }

    /** When the manager applied the NOC command with this id (the command's own time), if it did. */
    Optional<Instant> commandApplied(String commandId) {
        return this.<Long, Optional<Instant>>read(DetectorTopology.NOC_COMMANDS_STORE,
                store -> Optional.ofNullable(store.get(commandId)).map(Instant::ofEpochMilli));
    }

    private <V, R> R read(String storeName, Function<ReadOnlyKeyValueStore<String, V>, R> query) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null) {
            throw NocApiException.unavailable("the detector's Kafka Streams have not started yet", retryAfter);
        }
        KafkaStreams.State state = kafkaStreams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw NocApiException.unavailable("the detector's Kafka Streams are " + state, retryAfter);
        }
        try {
            HostInfo self = thisHost();
            int partition = -1;
            if (self != null) {
                // where the store is active is only known when every instance publishes application.server
                KeyQueryMetadata where = kafkaStreams.queryMetadataForKey(storeName, MANAGER_KEY,
                        Serdes.String().serializer());
                if (where == null || KeyQueryMetadata.NOT_AVAILABLE.equals(where)
                        || HostInfo.unavailable().equals(where.activeHost())) {
                    throw NocApiException.unavailable("the outage store is being assigned (rebalancing)",
                            retryAfter);
                }
                if (!self.equals(where.activeHost())) {
                    throw NocApiException.elsewhere(where.activeHost().host() + ":" + where.activeHost().port());
                }
                partition = where.partition();
            }
            StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore());
            ReadOnlyKeyValueStore<String, V> store = kafkaStreams.store(partition >= 0
                    ? parameters.withPartition(partition) : parameters);
            return query.apply(store);
        } catch (InvalidStateStoreException e) {
            throw NocApiException.unavailable("the outage store is not queryable on this instance now (restoring, "
                    + "rebalancing, or active on another instance): " + e.getMessage(), retryAfter);
        }
    }

    /** This instance's {@code application.server}, or null when it is not set (a single instance). */
    private HostInfo thisHost() {
        var config = streams.getStreamsConfiguration();
        String endpoint = config == null ? null : config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
    }
}
