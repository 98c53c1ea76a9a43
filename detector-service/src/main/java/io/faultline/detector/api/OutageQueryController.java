package io.faultline.detector.api;

import io.faultline.detector.detection.OpenOutage;
import io.faultline.detector.streams.DetectorTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read-only NOC view of the outages this instance holds open (one entry per failed element). */
@RestController
@RequestMapping("/api")
class OutageQueryController {

    private final StreamsBuilderFactoryBean streams;

    OutageQueryController(StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    @GetMapping("/outages/open")
    List<OpenOutage> open() {
        KafkaStreams kafkaStreams = running();
        ReadOnlyKeyValueStore<String, OpenOutage> store = kafkaStreams.store(StoreQueryParameters.fromNameAndType(
                DetectorTopology.OPEN_OUTAGES_STORE, QueryableStoreTypes.keyValueStore()));
        List<OpenOutage> open = new ArrayList<>();
        try (KeyValueIterator<String, OpenOutage> all = store.all()) {
            all.forEachRemaining(entry -> open.add(entry.value));
        }
        return open;
    }

    /** How many network elements this instance's global topology store holds. */
    @GetMapping(path = "/topology/size")
    Map<String, Long> topologySize() {
        var store = running().store(StoreQueryParameters.fromNameAndType(DetectorTopology.TOPOLOGY_STORE,
                QueryableStoreTypes.timestampedKeyValueStore()));
        long count = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return Map.of("elements", count);
    }

    private KafkaStreams running() {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        if (kafkaStreams == null || kafkaStreams.state() != KafkaStreams.State.RUNNING) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "detector is not running yet");
        }
        return kafkaStreams;
    }
}
