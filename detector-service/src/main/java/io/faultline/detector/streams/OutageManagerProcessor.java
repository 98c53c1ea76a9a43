package io.faultline.detector.streams;

import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.detector.detection.DetectionSignal;
import io.faultline.detector.detection.NocCommand;
import io.faultline.detector.detection.OutageManager;
import io.faultline.detector.topology.StoreTopologyView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * Adapts {@link OutageManager} to Kafka Streams. All detection signals arrive on one partition, so one task sees
 * the whole network; its state lives in changelog-backed stores, so with exactly-once processing a restart or a
 * rebalance neither loses an open outage nor publishes a lifecycle event twice. A wall-clock punctuator opens
 * held failures whose correlation window passed while no signal arrived.
 */
final class OutageManagerProcessor implements Processor<String, DetectionSignal, String, OutageEvent> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OutageManagerProcessor.class);

    private final DetectorSettings settings;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, OutageEvent> context;
    private OutageManager manager;
    private StoreOutageBook book;

    OutageManagerProcessor(DetectorSettings settings, DetectorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, OutageEvent> context) {
        this.context = context;
        TimestampedKeyValueStore<String, NetworkElement> topology =
                context.getStateStore(DetectorTopology.TOPOLOGY_STORE);
        this.manager = new OutageManager(settings.manager(), new StoreTopologyView(topology));
        this.book = new StoreOutageBook(context);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::openHeldFailures);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME,
                streamTime -> manager.purge(book, Instant.ofEpochMilli(streamTime)));
    }

    @Override
    public void process(Record<String, DetectionSignal> record) {
        DetectionSignal signal = record.value();
        if (signal == null) {
            return;
        }
        OutageManager.Result result = manager.on(signal, book, now());
        if (result.rejected() != null && signal instanceof NocCommand command) {
            log.warn("NOC command {} ({}) by {} refused: {}", command.commandId(), command.action(), command.actor(),
                    result.rejected());
        }
        metrics.signal(signal, result.rejected() == null);
        forward(result.events());
        openHeldFailures(context.currentSystemTimeMs());
    }

    private void openHeldFailures(long wallClockMs) {
        forward(manager.onTick(book, Instant.ofEpochMilli(Math.max(0, context.currentStreamTimeMs())),
                Instant.ofEpochMilli(wallClockMs)));
    }

    private void forward(List<OutageEvent> events) {
        for (OutageEvent event : events) {
            context.forward(new Record<>(event.outage().outageId(), event, event.occurredAt().toEpochMilli()));
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
