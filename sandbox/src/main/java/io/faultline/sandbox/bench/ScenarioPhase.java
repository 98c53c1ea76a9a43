package io.faultline.sandbox.bench;

import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.sandbox.EventPublisher;
import io.faultline.sandbox.IncidentReplay;
import io.faultline.testsupport.incidents.ExpectedOutage;
import io.faultline.testsupport.incidents.Incident;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Detection delay in event time, per incident of the library ({@code io.faultline.testsupport.incidents}).
 *
 * <p>Each onset of an incident (most have one; {@code orange-2012-signalling} has two, 90 minutes apart) is
 * replayed on a fresh broker against a fresh detector, so no state carries over. The replay is real time around
 * the onset and fast before it:
 * <ol>
 *   <li>the incident is shifted so that {@code onset - warmup} is the moment the replay starts;</li>
 *   <li>every event before that (the hour of lead-in noise, and for a later onset everything before it) is
 *       pushed at once: it is history;</li>
 *   <li>from then on each event is published when the wall clock reaches its event time (its delivery time for
 *       an incident delivered out of order), so from the warm-up on the detector sees event time and wall clock
 *       agree, as in production; its wall-clock punctuations (idle buckets, held clears) behave as they would
 *       live;</li>
 *   <li>the replay stops when every outage expected at that onset is covered by what the detector published, or
 *       at the detection budget plus a slack.</li>
 * </ol>
 * The delay of an expected outage is the event time at which a produced outage first covered it (its
 * {@code detectedAt} when the DETECTED event covers it, the event time of the UPDATED event that widened it
 * otherwise) minus the expected onset. Coverage before the onset (an outage that was already there) does not
 * count. The outage events of each replay are kept in {@code <workDir>/<incident>-<n>/outages.jsonl}.
 */
final class ScenarioPhase {

    /**
     * @param launcher detector to start per replay
     * @param workDir  where each replay's broker, state and log go
     * @param partitions partitions of every topic
     * @param warmup   real-time replay before the onset
     * @param speed    event time per wall time in the real-time part (1 = faithful)
     * @param slack    replay this long past an outage's detection budget before giving up on it
     */
    record Settings(DetectorProcess.Launcher launcher, Path workDir, int partitions, Duration warmup, double speed,
                    Duration slack) {
    }

    /**
     * One expected outage and how the detector did.
     *
     * @param delay  event time from onset to detection; null when not detected within budget plus slack
     * @param budget the goal: {@link Incident#detectBy(ExpectedOutage)} minus the onset
     */
    record Outcome(String incident, ExpectedOutage expected, Duration delay, Duration budget) {
        boolean detected() {
            return delay != null;
        }

        boolean withinBudget() {
            return delay != null && delay.compareTo(budget) <= 0;
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    ScenarioPhase(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Replays every onset of the incident and judges each of its expected outages. */
    List<Outcome> run(Incident incident) throws Exception {
        Map<Instant, List<ExpectedOutage>> byOnset = new TreeMap<>();
        incident.expected().forEach(e -> byOnset.computeIfAbsent(e.onset(), k -> new ArrayList<>()).add(e));
        List<Outcome> outcomes = new ArrayList<>();
        int window = 0;
        for (Map.Entry<Instant, List<ExpectedOutage>> onset : byOnset.entrySet()) {
            Path dir = settings.workDir().resolve(incident.name() + "-" + (++window));
            outcomes.addAll(replay(incident, onset.getKey(), onset.getValue(), dir));
        }
        return outcomes;
    }

    /** On a fresh broker, a detector that knows the inventory replays the incident around one onset. */
    private List<Outcome> replay(Incident incident, Instant onset, List<ExpectedOutage> expected, Path dir)
            throws Exception {
        try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"), settings.partitions())) {
            Instant inventoryTime = Instant.now().minus(Duration.ofDays(1));
            settings.launcher().loadTopology(broker, dir, incident.topology().stream()
                    .map(element -> new NetworkElement(element.elementId(), element.type(), element.parentId(),
                            element.regions(), element.services(), element.subscribersServed(), inventoryTime))
                    .toList());
            return replayAround(broker, incident, onset, expected, dir);
        }
    }

    private List<Outcome> replayAround(BenchBroker broker, Incident incident, Instant onset,
                                       List<ExpectedOutage> expected, Path dir) throws Exception {
        try (DetectorProcess detector = settings.launcher().startReady(broker, dir);
             EventPublisher publisher = new EventPublisher(broker.bootstrapServers(), "/faultline/bench/replay")) {
            Instant realTimeFrom = Instant.now();
            Duration offset = Duration.between(onset.minus(settings.warmup()), realTimeFrom);
            Incident shifted = incident.shiftedTo(incident.end().plus(offset));
            List<ExpectedOutage> goals = expected.stream().map(e -> e.shifted(offset)).toList();
            Instant giveUpAt = goals.stream().map(e -> shifted.detectBy(e).plus(settings.slack()))
                    .max(Instant::compareTo).orElseThrow();
            progress.accept(String.format("replaying %s around onset %s (%d expected outage(s)); real time from %s",
                    incident.name(), onset, goals.size(), realTimeFrom));
            try (OutageWatcher watcher = new OutageWatcher(broker.bootstrapServers(), false)) {
                IncidentReplay replay = new IncidentReplay(publisher, shifted, settings.speed(), () -> {
                    if (!detector.isAlive()) {
                        throw new IllegalStateException("the detector died during a replay; see " + detector.log());
                    }
                });
                long pushed = replay.pushUntil(realTimeFrom, IncidentReplay.ClearPacing.NONE);
                progress.accept(String.format("  %,d events of history pushed; replaying in real time", pushed));
                replay.playInRealTime(realTimeFrom, giveUpAt, () -> IncidentReplay.allCovered(goals, events(watcher)));
                writeOutageEvents(watcher.seen(), dir.resolve("outages.jsonl"));
                List<Outcome> outcomes = new ArrayList<>();
                for (ExpectedOutage goal : goals) {
                    Instant coveredAt = IncidentReplay.firstCoverage(goal, events(watcher));
                    Duration budget = Duration.between(goal.onset(), shifted.detectBy(goal));
                    Outcome outcome = new Outcome(incident.name(), goal,
                            coveredAt == null ? null : Duration.between(goal.onset(), coveredAt), budget);
                    progress.accept(String.format("  %s %s%s: %s (budget %d s)", incident.name(), goal.services(),
                            goal.regions().isEmpty() ? goal.elements() : goal.regions().size() > 3
                                    ? " in " + goal.regions().size() + " regions" : " in " + goal.regions(),
                            outcome.detected() ? "detected after " + millisAsSeconds(outcome.delay()) + " s"
                                    : "NOT detected", budget.toSeconds()));
                    outcomes.add(outcome);
                }
                return outcomes;
            }
        }
    }

    private static List<OutageEvent> events(OutageWatcher watcher) {
        return watcher.seen().stream().map(OutageWatcher.Seen::event).toList();
    }

    /** The outage events of a replay, one JSON per line, for whoever wants to see what the detector did. */
    private static void writeOutageEvents(List<OutageWatcher.Seen> seen, Path file) throws IOException {
        List<String> lines = seen.stream().map(s -> EventJson.writeString(s.event())).toList();
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static String millisAsSeconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }
}
