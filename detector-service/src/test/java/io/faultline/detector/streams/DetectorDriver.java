package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.detector.detection.NocCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The detector topology in a {@link TopologyTestDriver}, fed like a live network: the mock wall clock follows
 * the event time of what is piped in (never going back), so wall-clock punctuators (clear hold-down, idle
 * complaint buckets, the correlation window) behave as they do on a broker receiving events as they happen.
 */
public final class DetectorDriver implements AutoCloseable {

    private static final Duration STEP = Duration.ofSeconds(5);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, String> topology;
    private final TestInputTopic<String, String> alarms;
    private final TestInputTopic<String, String> complaints;
    private final TestInputTopic<String, String> commands;
    private final TestOutputTopic<String, OutageEvent> outages;
    private final List<OutageEvent> published = new ArrayList<>();
    private final Path stateDir;
    private Instant wallClock;

    public DetectorDriver(DetectorSettings settings, Instant start) {
        StreamsBuilder builder = new StreamsBuilder();
        DetectorTopology.build(builder, settings.withInMemoryStores(), DetectorMetrics.NONE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            stateDir = Files.createTempDirectory(memoryBackedTemp(), "detector-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, start);
        wallClock = start;
        topology = input(Topics.NETWORK_TOPOLOGY.name());
        alarms = input(Topics.NETWORK_ALARMS.name());
        complaints = input(Topics.CUSTOMER_COMPLAINTS.name());
        commands = input(DetectorTopology.NOC_COMMANDS_TOPIC);
        outages = driver.createOutputTopic(Topics.OUTAGES.name(), new StringDeserializer(),
                Topics.OUTAGES.serde("test").deserializer());
    }

    public void inventory(Collection<NetworkElement> elements) {
        elements.forEach(element -> topology.pipeInput(element.elementId(), EventJson.writeString(element),
                element.updatedAt()));
    }

    /** Delivers an alarm or a complaint now; the wall clock first catches up with its event time. */
    public void deliver(FaultlineEvent event) {
        catchUpTo(event.occurredAt());
        switch (event) {
            case NetworkAlarm alarm -> alarms.pipeInput(alarm.sourceId(), EventJson.writeString(alarm),
                    alarm.eventTime());
            case CustomerComplaint complaint -> complaints.pipeInput(complaint.subscriberId(),
                    EventJson.writeString(complaint), complaint.time());
            default -> throw new IllegalArgumentException("the detector reads alarms and complaints, not " + event);
        }
    }

    public void command(NocCommand command) {
        catchUpTo(command.at());
        commands.pipeInput(command.commandId(), EventJson.writeString(command), command.at());
    }

    /** Lets wall-clock time pass with no input, in steps so that every punctuation runs. */
    public void idle(Duration duration) {
        catchUpTo(wallClock.plus(duration));
    }

    /** Lets wall-clock time pass with no input until the given time (nothing when it is already past). */
    public void idleUntil(Instant time) {
        catchUpTo(time);
    }

    /** Every outage event published so far, in order. */
    public List<OutageEvent> outages() {
        published.addAll(outages.readValuesToList());
        return List.copyOf(published);
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /**
     * The driver commits after every record and each persistent store then fsyncs its position file: on a
     * memory-backed file system (/dev/shm) that costs nothing, on a disk it makes a replay take minutes.
     */
    private static Path memoryBackedTemp() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void catchUpTo(Instant time) {
        while (wallClock.isBefore(time)) {
            Duration step = Duration.between(wallClock, time);
            step = step.compareTo(STEP) > 0 ? STEP : step;
            driver.advanceWallClockTime(step);
            wallClock = wallClock.plus(step);
        }
    }

    private TestInputTopic<String, String> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
