package io.faultline.sandbox.bench;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Processing latency under a steady live load. While {@link MixedLoad#live} records flow at a fixed rate, probes
 * start one after the other on keys nothing else touches:
 * <ul>
 *   <li>a <b>complaint-surge probe</b> makes distinct subscribers of its own {@code bench-region-NN} complain about
 *       one service at a fixed rate until an outage covering that region and service is read from
 *       {@code outages.v1}; every probe complaint has its own event-time millisecond, and the broker
 *       acknowledgement time of each is kept;</li>
 *   <li>an <b>alarm probe</b> raises one CRITICAL alarm on its own {@code BENCH-CELL-NN}.</li>
 * </ul>
 * The latency of a surge probe is the time from the broker's acknowledgement of the complaint that completed the
 * surge condition to the moment the outage event is read (read_committed). The detector stamps the event with the
 * time of that complaint as its {@code occurredAt}: for a DETECTED event it is also the outage's
 * {@code detectedAt}; when the probe's surge widens a complaint-only outage already open for an earlier probe on
 * the same service, the UPDATED event that adds its region carries it (the outage keeps its first
 * {@code detectedAt}). When no probe complaint has either event time, the last probe complaint acknowledged
 * before the outage was read stands in, and the probe is counted as measured by fallback. The
 * latency of an alarm probe runs from the acknowledgement of its raise.
 */
final class LatencyPhase {

    /**
     * @param eventsPerSecond background records per second (wall clock)
     * @param surgeProbes     complaint-surge probes
     * @param alarmProbes     alarm probes
     * @param surgePerMinute  distinct complainants per event-time minute of a surge probe
     * @param warmup          live load before the first probe starts
     * @param spacing         between the starts of consecutive probes
     * @param probeTimeout    a probe not detected this long after its start counts as missed
     * @param timeScale       event time runs this many times faster than wall time (1 = faithful)
     */
    record Settings(double eventsPerSecond, int surgeProbes, int alarmProbes, double surgePerMinute,
                    Duration warmup, Duration spacing, Duration probeTimeout, double timeScale) {
    }

    /**
     * @param surgeLatencies       latencies of the detected surge probes, ms
     * @param alarmLatencies       latencies of the detected alarm probes, ms
     * @param surgeByFallback      surge probes measured by the fallback rule
     * @param otherOutages         DETECTED events of outages that no probe explains (the background load's)
     * @param backgroundRecords    background records sent
     * @param backgroundPerSecond  background records per second actually sent
     * @param seconds              length of the phase
     * @param detectorLagRecords   input records the detector had not committed when the last probe finished:
     *                             near zero when it kept up with the live load
     */
    record Result(LatencySamples surgeLatencies, LatencySamples alarmLatencies, int surgeByFallback,
                  long otherOutages, long backgroundRecords, double backgroundPerSecond, double seconds,
                  long detectorLagRecords) {
    }

    private final BenchBroker broker;
    private final MixedLoad load;
    private final LoadRecords records = new LoadRecords();
    private final Settings settings;
    private final Consumer<String> progress;

    LatencyPhase(BenchBroker broker, MixedLoad load, Settings settings, Consumer<String> progress) {
        this.broker = broker;
        this.load = load;
        this.settings = settings;
        this.progress = progress;
    }

    Result run() throws Exception {
        EventClock clock = new EventClock(settings.timeScale());
        List<Probe> probes = schedule(clock, System.nanoTime());
        long[] otherOutages = new long[1];
        long backgroundSent = 0;
        long startNanos = System.nanoTime();
        try (OutageWatcher watcher = new OutageWatcher(broker.bootstrapServers(), true);
             LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            watcher.addListener(seen -> {
                boolean explained = false;
                for (Probe probe : probes) {
                    explained |= probe.offer(seen);
                }
                if (!explained && seen.event().status() == OutageStatus.DETECTED) {
                    otherOutages[0]++;
                }
            });
            long lastReport = startNanos;
            while (probes.stream().anyMatch(probe -> !probe.finished(System.nanoTime()))) {
                long now = System.nanoTime();
                long due = (long) ((now - startNanos) / 1e9 * settings.eventsPerSecond());
                while (backgroundSent < due) {
                    producer.send(load.live(clock.now()));
                    backgroundSent++;
                }
                for (Probe probe : probes) {
                    probe.sendDue(now, producer);
                }
                if (now - lastReport > 15_000_000_000L) {
                    lastReport = now;
                    long detected = probes.stream().filter(Probe::detected).count();
                    progress.accept(String.format("live load: %,d records, %d of %d probes detected, %d other "
                            + "outages", backgroundSent, detected, probes.size(), otherOutages[0]));
                }
                LockSupport.parkNanos(500_000);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<TopicPartition, Long> committed = broker.committedOffsets(DetectorProcess.GROUP_ID);
        long lag = broker.endOffsets(ThroughputPhase.INPUT_TOPICS).entrySet().stream()
                .mapToLong(end -> Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L))).sum();
        LatencySamples surge = new LatencySamples();
        LatencySamples alarm = new LatencySamples();
        int byFallback = 0;
        for (Probe probe : probes) {
            Long millis = probe.latencyMillis();
            if (millis == null) {
                progress.accept("not detected within " + settings.probeTimeout().toSeconds() + " s: " + probe);
                continue;
            }
            if (probe instanceof SurgeProbe s) {
                surge.add(millis);
                byFallback += s.measuredByFallback ? 1 : 0;
            } else {
                alarm.add(millis);
            }
        }
        return new Result(surge, alarm, byFallback, otherOutages[0], backgroundSent, backgroundSent / seconds,
                seconds, lag);
    }

    /** Probe start times: surge and alarm probes interleaved evenly, {@code spacing} apart after the warm-up. */
    private List<Probe> schedule(EventClock clock, long startNanos) {
        UniqueMillis unique = new UniqueMillis(clock);
        int total = settings.surgeProbes() + settings.alarmProbes();
        List<Probe> probes = new ArrayList<>();
        int surgeIndex = 0;
        int alarmIndex = 0;
        for (int k = 0; k < total; k++) {
            long start = startNanos + settings.warmup().toNanos() + k * settings.spacing().toNanos();
            boolean alarmTurn = alarmIndex < settings.alarmProbes()
                    && (surgeIndex >= settings.surgeProbes()
                    || (long) (alarmIndex + 1) * total <= (long) (k + 1) * settings.alarmProbes());
            if (alarmTurn) {
                probes.add(new AlarmProbe(alarmIndex++, start, unique));
            } else {
                int i = surgeIndex++;
                probes.add(new SurgeProbe(i, BenchNetwork.RADIO_SERVICES.get(i % BenchNetwork.RADIO_SERVICES.size()),
                        start, unique));
            }
        }
        return probes;
    }

    /** Event-time milliseconds never used twice by probes, so that a {@code detectedAt} names one probe event. */
    private static final class UniqueMillis {
        private final EventClock clock;
        private long last;

        UniqueMillis(EventClock clock) {
            this.clock = clock;
        }

        synchronized long next() {
            last = Math.max(clock.nowMs(), last + 1);
            return last;
        }
    }

    private abstract class Probe {
        final long startNanos;
        final UniqueMillis unique;
        volatile OutageWatcher.Seen detection;

        Probe(long startNanos, UniqueMillis unique) {
            this.startNanos = startNanos;
            this.unique = unique;
        }

        boolean detected() {
            return detection != null;
        }

        boolean finished(long nowNanos) {
            return detected() || nowNanos - startNanos > settings.probeTimeout().toNanos();
        }

        boolean started(long nowNanos) {
            return nowNanos >= startNanos;
        }

        /** Takes the event as this probe's detection if it covers the probe's key; true if it concerns it. */
        synchronized boolean offer(OutageWatcher.Seen seen) {
            if (!covers(seen.event())) {
                return false;
            }
            if (detection == null && seen.event().status() != OutageStatus.RESOLVED && hasSent()) {
                detection = seen;
            }
            return true;
        }

        abstract boolean covers(OutageEvent event);

        abstract boolean hasSent();

        abstract void sendDue(long nowNanos, LoadProducer producer);

        /** Latency in ms, or null when not detected; call after the producer is flushed. */
        abstract Long latencyMillis();
    }

    private final class SurgeProbe extends Probe {
        final int index;
        final String region;
        final Service service;
        final long intervalNanos;
        final Map<Long, Long> ackNanosByEventMs = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();
        long nextDueNanos;
        volatile int sent;
        boolean measuredByFallback;

        SurgeProbe(int index, Service service, long startNanos, UniqueMillis unique) {
            super(startNanos, unique);
            this.index = index;
            this.region = BenchNetwork.surgeRegion(index);
            this.service = service;
            this.intervalNanos = (long) (60e9 / (settings.surgePerMinute() * settings.timeScale()));
            this.nextDueNanos = startNanos;
        }

        @Override
        boolean covers(OutageEvent event) {
            return event.outage().scope().regions().contains(region)
                    && event.outage().scope().services().contains(service);
        }

        @Override
        boolean hasSent() {
            return sent > 0;
        }

        @Override
        void sendDue(long nowNanos, LoadProducer producer) {
            while (!finished(nowNanos) && started(nowNanos) && nowNanos >= nextDueNanos) {
                long eventMs = unique.next();
                sent++;
                CustomerComplaint complaint = new CustomerComplaint("BENCH-PROBE-" + region + "-" + sent,
                        String.format("BENCH-SUB-%s-P%05d", region, sent), region, null, service,
                        ComplaintChannel.APP, Instant.ofEpochMilli(eventMs));
                producer.send(records.complaint(complaint), () -> {
                    long acked = System.nanoTime();
                    ackNanosByEventMs.put(eventMs, acked);
                    ackNanos.add(acked);
                });
                nextDueNanos += intervalNanos;
            }
        }

        @Override
        Long latencyMillis() {
            OutageWatcher.Seen seen = detection;
            if (seen == null) {
                return null;
            }
            Long acked = ackNanosByEventMs.get(seen.event().occurredAt().toEpochMilli());
            if (acked == null) {
                acked = ackNanosByEventMs.get(seen.event().outage().detectedAt().toEpochMilli());
            }
            if (acked == null || acked > seen.readNanos()) {
                measuredByFallback = true;
                acked = ackNanos.stream().filter(a -> a <= seen.readNanos()).max(Long::compare).orElse(null);
            }
            return acked == null ? null : (seen.readNanos() - acked) / 1_000_000;
        }

        @Override
        public String toString() {
            return "surge probe " + region + " " + service + " (" + sent + " complaints)";
        }
    }

    private final class AlarmProbe extends Probe {
        final String element;
        volatile long ackNanos;
        volatile boolean sent;

        AlarmProbe(int index, long startNanos, UniqueMillis unique) {
            super(startNanos, unique);
            this.element = BenchNetwork.probeCell(index);
        }

        @Override
        boolean covers(OutageEvent event) {
            return event.outage().scope().elements().contains(element);
        }

        @Override
        boolean hasSent() {
            return sent;
        }

        @Override
        void sendDue(long nowNanos, LoadProducer producer) {
            if (sent || !started(nowNanos)) {
                return;
            }
            sent = true;
            NetworkAlarm raise = new NetworkAlarm("ALM-" + element + "-PROBE", element, AlarmSeverity.CRITICAL,
                    "EQUIPMENT_ALARM", "transmitterFailure", "bench probe",
                    Instant.ofEpochMilli(unique.next()));
            producer.send(records.nativeAlarm(raise), () -> ackNanos = System.nanoTime());
        }

        @Override
        Long latencyMillis() {
            OutageWatcher.Seen seen = detection;
            return seen == null || ackNanos == 0 ? null : (seen.readNanos() - ackNanos) / 1_000_000;
        }

        @Override
        public String toString() {
            return "alarm probe " + element;
        }
    }
}
