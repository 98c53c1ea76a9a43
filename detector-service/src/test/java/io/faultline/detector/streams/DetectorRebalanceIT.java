package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import io.faultline.platform.streams.DeadLetterProcessingExceptionHandler;
import io.faultline.testsupport.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart safety on a real broker: the detector topology in two Kafka Streams instances of one application with
 * exactly-once processing. A graceful shutdown (rebalance to the other instance), a restart (rebalance back) and an
 * abrupt stop without leaving the group neither lose an open outage nor emit a duplicate lifecycle event.
 */
class DetectorRebalanceIT {

    private static final int ELEMENTS = 20;
    private static final String PREFIX = "RBIT-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private static final String APP = "detector-rebalance-it-" + UUID.randomUUID();
    private static final Duration HOLD_DOWN = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    private static KafkaBroker broker;

    private final List<Throwable> streamErrors = new CopyOnWriteArrayList<>();
    private final List<KafkaStreams> started = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private final List<OutageLog> logs = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startEmbedded();
        for (TopicSpec<?> spec : Topics.ALL) {
            broker.createTopic(spec.name(), spec == Topics.OUTAGES ? 1 : 3,
                    spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of());
            broker.createTopic(spec.dlt(), 1);
        }
        broker.createTopic(DetectorTopology.VALIDATED_TOPOLOGY_TOPIC, 3, Map.of("cleanup.policy", "compact"));
        broker.createTopic(DetectorTopology.NOC_COMMANDS_TOPIC, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeStreams() {
        logs.forEach(log -> log.consumer.close());
        started.forEach(streams -> streams.close(Duration.ofSeconds(5)));
        stateDirs.forEach(DetectorRebalanceIT::deleteQuietly);
    }

    @Test
    void aRebalanceOrRestartNeitherLosesAnOpenOutageNorDuplicatesALifecycleEvent() throws Exception {
        List<String> elements = IntStream.range(0, ELEMENTS).mapToObj(i -> PREFIX + String.format("%02d", i)).toList();
        String marker = PREFIX + "MARKER";
        List<String> inventory = new ArrayList<>(elements);
        inventory.add(marker);
        publishTopology(inventory);

        Path dirA = tempDir("a");
        Path dirB = tempDir("b");
        KafkaStreams a = startInstance("a", dirA);
        KafkaStreams b = startInstance("b", dirB);
        awaitRunning(a, b);
        awaitTopologyLoaded(a, inventory.size());
        awaitTopologyLoaded(b, inventory.size());

        // Raise a critical alarm on every element: each opens an outage at once (no parent to wait for).
        sendAlarms(elements.stream().map(DetectorRebalanceIT::raise).toList());
        OutageLog log = new OutageLog();
        logs.add(log);
        log.await("a DETECTED per element", events -> countByStatus(events, OutageStatus.DETECTED) == ELEMENTS);
        int tasks = activeTasks(a) + activeTasks(b);
        assertThat(activeTasks(a)).as("tasks of a before its shutdown").isPositive();

        // Graceful shutdown of a: b takes over every task, including the open outages of a.
        a.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(TIMEOUT));
        started.remove(a);
        await("b runs every task", () -> b.state() == KafkaStreams.State.RUNNING && activeTasks(b) == tasks);

        // Nothing new, but clear half of the alarms; a restarts (rebalance back) while those clears are held down.
        sendAlarms(elements.subList(0, ELEMENTS / 2).stream().map(DetectorRebalanceIT::clear).toList());
        KafkaStreams a2 = startInstance("a", dirA);
        await("a runs tasks again", () -> a2.state() == KafkaStreams.State.RUNNING
                && b.state() == KafkaStreams.State.RUNNING && activeTasks(a2) > 0
                && activeTasks(a2) + activeTasks(b) == tasks);
        sendAlarms(elements.subList(ELEMENTS / 2, ELEMENTS).stream().map(DetectorRebalanceIT::clear).toList());

        log.await("a RESOLVED per element", events -> countByStatus(events, OutageStatus.RESOLVED) == ELEMENTS);
        log.settle();
        assertExactlyDetectedThenResolved(log.events(), elements);

        // Abrupt stop of b without leaving the group, then the same alarms replayed: nothing new on outages.v1.
        b.close(new KafkaStreams.CloseOptions().leaveGroup(false).timeout(Duration.ZERO));
        started.remove(b);
        List<NetworkAlarm> replay = new ArrayList<>();
        elements.forEach(element -> replay.add(raise(element)));
        elements.forEach(element -> replay.add(clear(element)));
        sendAlarms(replay);
        sendAlarms(List.of(raise(marker)));
        await("a runs every task after b's session expired",
                () -> a2.state() == KafkaStreams.State.RUNNING && activeTasks(a2) == tasks);
        awaitAlarmsConsumed();
        log.await("the marker's DETECTED", events -> events.stream()
                .anyMatch(e -> e.outage().outageId().endsWith("-" + marker)));
        log.settle();
        assertExactlyDetectedThenResolved(log.events().stream()
                .filter(e -> !e.outage().outageId().endsWith("-" + marker)).toList(), elements);
        assertThat(log.events().stream().filter(e -> e.outage().outageId().endsWith("-" + marker)))
                .extracting(OutageEvent::status, e -> e.outage().version())
                .containsExactly(tuple(OutageStatus.DETECTED, 1L));
        assertThat(streamErrors).isEmpty();
    }

    private static void assertExactlyDetectedThenResolved(List<OutageEvent> events, List<String> elements) {
        assertThat(events).hasSize(2 * elements.size());
        Map<String, List<OutageEvent>> byElement = new TreeMap<>();
        for (OutageEvent event : events) {
            String element = elements.stream().filter(e -> event.outage().outageId().endsWith("-" + e)).findFirst()
                    .orElseThrow(() -> new AssertionError("unexpected outage " + event.outage().outageId()));
            byElement.computeIfAbsent(element, k -> new ArrayList<>()).add(event);
        }
        assertThat(byElement.keySet()).containsExactlyInAnyOrderElementsOf(elements);
        byElement.forEach((element, lifecycle) -> {
            assertThat(lifecycle).as(element).extracting(OutageEvent::status, e -> e.outage().version())
                    .containsExactly(tuple(OutageStatus.DETECTED, 1L),
                            tuple(OutageStatus.RESOLVED, 2L));
            assertThat(lifecycle.get(0).outage().outageId()).isEqualTo(lifecycle.get(1).outage().outageId());
            assertThat(lifecycle.get(0).outage().scope().toString()).contains(element);
            assertThat(lifecycle.get(0).outage().endedAt()).isNull();
            assertThat(lifecycle.get(1).outage().endedAt()).isEqualTo(T0.plusSeconds(30));
        });
    }

    private static long countByStatus(List<OutageEvent> events, OutageStatus status) {
        return events.stream().filter(e -> e.status() == status).count();
    }

    private static NetworkAlarm raise(String element) {
        return new NetworkAlarm("A-" + element, element, AlarmSeverity.CRITICAL, "EQUIPMENT_ALARM", "powerProblem",
                "rectifier down", T0);
    }

    private static NetworkAlarm clear(String element) {
        return new NetworkAlarm("A-" + element, element, AlarmSeverity.CLEARED, "EQUIPMENT_ALARM", "powerProblem",
                "rectifier down", T0.plusSeconds(30));
    }

    private KafkaStreams startInstance(String name, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, APP + "-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10485760);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        StreamsBuilder builder = new StreamsBuilder();
        DetectorSettings defaults = DetectorSettings.defaults();
        DetectorTopology.build(builder, new DetectorSettings(defaults.ceSource(), defaults.alarmDedupeRetention(),
                HOLD_DOWN, defaults.reopenWindow(), defaults.alarmGrace(), defaults.manager(), defaults.surge(),
                false), DetectorMetrics.NONE);
        Topology topology = builder.build(props);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            streamErrors.add(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        started.add(streams);
        return streams;
    }

    private void awaitRunning(KafkaStreams... instances) {
        await("instances running", () -> Arrays.stream(instances)
                .allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    private static int activeTasks(KafkaStreams streams) {
        try {
            return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void awaitTopologyLoaded(KafkaStreams streams, int size) {
        await("topology loaded", () -> {
            try (var all = streams.store(StoreQueryParameters.fromNameAndType(DetectorTopology.TOPOLOGY_STORE,
                    QueryableStoreTypes.<String, Object>keyValueStore())).all()) {
                int n = 0;
                while (all.hasNext()) {
                    if (all.next().key.startsWith(PREFIX)) {
                        n++;
                    }
                }
                return n == size;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(streamErrors).as("stream thread errors while waiting for " + what).isEmpty();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    /** Waits until the application has committed its position at the end of every alarm partition. */
    private void awaitAlarmsConsumed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(Topics.NETWORK_ALARMS.name())).allTopicNames().get()
                    .get(Topics.NETWORK_ALARMS.name()).partitions().stream()
                    .map(p -> new TopicPartition(Topics.NETWORK_ALARMS.name(), p.partition())).toList();
            Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().forEach((p, info) -> ends.put(p, info.offset()));
            await("alarms consumed", () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP)
                            .partitionsToOffsetAndMetadata().get();
                    return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static void publishTopology(List<String> elements) throws Exception {
        try (KafkaProducer<String, NetworkElement> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new EventSerializer<>("/test/inventory"))) {
            for (String id : elements) {
                producer.send(new ProducerRecord<>(Topics.NETWORK_TOPOLOGY.name(), id, new NetworkElement(id,
                        ElementType.PACKET_GATEWAY, null, List.of("region-" + (id.hashCode() & 3)),
                        Set.of(Service.DATA), 1_000, T0.minusSeconds(3600))));
            }
            producer.flush();
        }
    }

    private static void sendAlarms(List<NetworkAlarm> alarms) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (NetworkAlarm alarm : alarms) {
                producer.send(new ProducerRecord<>(Topics.NETWORK_ALARMS.name(), alarm.sourceId(),
                        EventJson.writeString(alarm))).get();
            }
        }
    }

    /** Everything committed on outages.v1 for this test's elements, read with read_committed. */
    private final class OutageLog {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<OutageEvent> events = new ArrayList<>();

        OutageLog() {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTAGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<OutageEvent> events() {
            return List.copyOf(events);
        }

        void poll(Duration timeout) {
            consumer.poll(timeout).forEach(record -> {
                OutageEvent event = EventJson.read(record.value(), OutageEvent.class);
                if (event.outage().outageId().contains(PREFIX)) {
                    events.add(event);
                }
            });
        }

        void await(String what, Predicate<List<OutageEvent>> condition) {
            DetectorRebalanceIT.this.await(what, () -> {
                poll(Duration.ofMillis(200));
                return condition.test(events);
            });
        }

        /** Keeps reading a little past the hold-down, so a late duplicate (a second RESOLVED) would show. */
        void settle() {
            long until = System.nanoTime() + HOLD_DOWN.plusSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                poll(Duration.ofMillis(200));
            }
        }
    }

    private Path tempDir(String name) {
        try {
            Path dir = Files.createTempDirectory("detector-rebalance-" + name);
            stateDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
