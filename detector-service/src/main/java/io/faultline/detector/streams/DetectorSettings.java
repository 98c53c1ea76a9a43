package io.faultline.detector.streams;

import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.complaints.SurgeTestKind;
import io.faultline.detector.detection.ManagerSettings;
import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Tunables of the detector topology.
 *
 * @param ceSource             CloudEvents source of published outage events
 * @param alarmDedupeRetention how long an alarm event id is remembered to drop replays and duplicates
 * @param clearHoldDown        how long the last alarm of an outage must stay clear before it resolves
 *                             (flapping damping)
 * @param reopenWindow         how long after its end a new failure of the same element reopens the outage
 * @param alarmGrace           how long a clear that arrived before its raise is remembered (out of order)
 * @param manager              topology correlation, reopening and history of the outage manager
 * @param surge                complaint-surge detection
 * @param inMemoryStores       keep state stores in memory (still changelogged) instead of RocksDB on disk: for
 *                             TopologyTestDriver, which commits after every record; the service uses RocksDB
 */
public record DetectorSettings(String ceSource, Duration alarmDedupeRetention, Duration clearHoldDown,
                               Duration reopenWindow, Duration alarmGrace, ManagerSettings manager,
                               SurgeSettings surge, boolean inMemoryStores) {

    public static DetectorSettings defaults() {
        return new DetectorSettings("/faultline/detector-service", Duration.ofDays(7), Duration.ofMinutes(2),
                Duration.ofMinutes(30), Duration.ofMinutes(10), ManagerSettings.defaults(), SurgeSettings.defaults(),
                false);
    }

    /** The same settings with state stores in memory. */
    public DetectorSettings withInMemoryStores() {
        return new DetectorSettings(ceSource, alarmDedupeRetention, clearHoldDown, reopenWindow, alarmGrace, manager,
                surge, true);
    }

    /** Supplier of a key-value store of the topology: RocksDB, or memory when {@link #inMemoryStores()}. */
    public KeyValueBytesStoreSupplier keyValueStore(String name) {
        return inMemoryStores ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    /** The same settings with another complaint tail test (a detection strategy). */
    public DetectorSettings withSurgeTest(SurgeTestKind test) {
        return new DetectorSettings(ceSource, alarmDedupeRetention, clearHoldDown, reopenWindow, alarmGrace, manager,
                surge.withTest(test), inMemoryStores);
    }
}
