package io.faultline.sandbox;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.testsupport.incidents.ExpectedOutage;
import io.faultline.testsupport.incidents.Incident;
import io.faultline.testsupport.incidents.IncidentVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Replays an incident of the library on a running sandbox (its real broker, every service up, the network loaded)
 * and judges what the detector published with {@link IncidentVerdict}.
 *
 * <p>The incident is shifted so that it ends now: every event time is in the past, as the broker and the
 * consumers expect. Around each onset the replay is real time ({@link IncidentReplay#playInRealTime}): from
 * {@code onset - warmup} each event is published when the replay clock reaches it, until every outage expected at
 * that onset is covered by what the detector published, or its detection budget plus a slack has passed. What
 * lies before (the lead-in noise, the events between two onsets) and after (the hours until the failures end and
 * the tail) is pushed at once, with the clears paced by the detector's hold-down ({@link IncidentReplay.ClearPacing}),
 * so resolution happens in event time, quickly. Once the detector has read everything and every outage it opened
 * has resolved (or a timeout has passed), the verdict is judged on every outage event it published.
 */
public final class IncidentRun {

    /**
     * @param warmup      real time before each onset
     * @param slack       real time past the detection budget before giving up on an expected outage
     * @param resolution  how long to wait, once everything is published, for the open outages to resolve
     */
    public record Timing(Duration warmup, Duration slack, Duration resolution) {

        /** What {@code ./faultline sandbox --scenario NAME} uses. */
        public static final Timing SANDBOX = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMinutes(3));
    }

    private final Sandbox sandbox;
    private final ScenarioRunner runner;
    private final SystemObserver observer;
    private final Timing timing;
    private final Consumer<String> progress;

    public IncidentRun(Sandbox sandbox, ScenarioRunner runner, SystemObserver observer, Timing timing,
                       Consumer<String> progress) {
        this.sandbox = sandbox;
        this.runner = runner;
        this.observer = observer;
        this.timing = timing;
        this.progress = progress;
    }

    /** Replays the incident and judges every outage event the detector published (from the start of the topic). */
    public IncidentVerdict replay(Incident original) throws Exception {
        Incident incident = original.shiftedTo(Instant.now());
        IncidentReplay.ClearPacing pacing = new IncidentReplay.ClearPacing(sandbox.clearHoldDown(),
                () -> awaitDetectorRead(Duration.ofMinutes(2)));
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/sandbox/noc")) {
            IncidentReplay replay = new IncidentReplay(publisher, incident, 1.0, this::checkServicesAlive);
            for (Map.Entry<Instant, List<ExpectedOutage>> onset : byOnset(incident).entrySet()) {
                Instant realTimeFrom = onset.getKey().minus(timing.warmup());
                long pushed = replay.pushUntil(realTimeFrom, pacing);
                Instant from = replay.reached().isAfter(realTimeFrom) ? replay.reached() : realTimeFrom;
                List<ExpectedOutage> goals = onset.getValue();
                Instant giveUpAt = goals.stream().map(goal -> incident.detectBy(goal).plus(timing.slack()))
                        .max(Instant::compareTo).orElseThrow();
                progress.accept(String.format("%,d events pushed; real time from %s before the onset until %d "
                        + "expected outage(s) are detected", pushed, Duration.between(from, onset.getKey()),
                        goals.size()));
                boolean covered = replay.playInRealTime(from, giveUpAt,
                        () -> IncidentReplay.allCovered(goals, observer.outageEvents()));
                progress.accept(covered ? "detected; pushing on" : "not detected within budget plus "
                        + timing.slack().toSeconds() + " s; pushing on");
            }
            long rest = replay.pushRest(pacing);
            progress.accept(String.format("%,d remaining events pushed (clears paced by the %d s hold-down); "
                    + "waiting for the detector to settle", rest, pacing.holdDown().toSeconds()));
        }
        awaitDetectorRead(Duration.ofMinutes(3));
        awaitOpenOutagesResolved(timing.resolution());
        return IncidentVerdict.judge(incident, observer.outageEvents());
    }

    /** The verdict as shown in the sandbox summary. */
    public static Map<String, Object> summary(IncidentVerdict verdict) {
        Map<String, Object> summary = new TreeMap<>();
        summary.put("passed", verdict.passed());
        summary.put("failures", verdict.failures());
        summary.put("detectionDelaySeconds", verdict.detectionDelays().stream()
                .map(delay -> delay.map(d -> (Object) (d.toMillis() / 1000.0)).orElse("not detected")).toList());
        return summary;
    }

    private static Map<Instant, List<ExpectedOutage>> byOnset(Incident incident) {
        Map<Instant, List<ExpectedOutage>> byOnset = new TreeMap<>();
        incident.expected().forEach(e -> byOnset.computeIfAbsent(e.onset(), k -> new ArrayList<>()).add(e));
        return byOnset;
    }

    private void awaitDetectorRead(Duration timeout) {
        try {
            runner.awaitDetectorRead(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the detector did not read the incident: " + e.getMessage(), e);
        }
    }

    /** Waits until every outage opened has resolved and no outage event has arrived for a while. */
    private void awaitOpenOutagesResolved(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!openOutages().isEmpty() && System.nanoTime() < deadline) {
            checkServicesAlive();
            Thread.sleep(250);
        }
        Set<String> open = openOutages();
        if (!open.isEmpty()) {
            progress.accept("still open after " + timeout.toSeconds() + " s: " + open);
        }
        observer.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    private Set<String> openOutages() {
        Map<String, OutageStatus> last = new LinkedHashMap<>();
        for (OutageEvent event : observer.outageEvents()) {
            last.put(event.outage().outageId(), event.status());
        }
        return last.entrySet().stream().filter(e -> e.getValue() != OutageStatus.RESOLVED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private void checkServicesAlive() {
        for (String name : List.of("detector-service", "notifier-service", "compensation-service")) {
            ServiceProcess service = sandbox.service(name);
            if (service != null && !service.isAlive()) {
                throw new IllegalStateException(name + " died during the replay; see " + service.log());
            }
        }
    }
}
