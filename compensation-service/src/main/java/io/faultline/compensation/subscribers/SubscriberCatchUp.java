package io.faultline.compensation.subscribers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Tells whether the subscriber table has caught up with {@code subscribers.v1}, and waits until it has.
 *
 * <p>A grant first {@link #capture() captures} the end offsets of every partition (read_committed: the last stable
 * offset), then {@link #await waits} until the subscriber listener's group has committed at least that far in every
 * partition. The group commits only after the records below the commit are stored, so the table then holds every
 * subscriber that was on the topic when the grant was asked for.
 *
 * <p>A committed offset can stay below the end offset for ever when the partition ends in a transaction commit or
 * abort marker, or in records of an aborted transaction: the listener never receives them. So when a partition's
 * committed offset has not moved since the last check, the offsets in between are
 * {@link SubscriberOffsets#firstRecord probed} with a read_committed consumer; if no record lies there the partition
 * has caught up. What a probe found is remembered while the committed offset stays where it is.
 *
 * <p>Thread-safe. No Spring: the Kafka side is behind {@link SubscriberOffsets}.
 */
public class SubscriberCatchUp {

    /** Pauses between two checks; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The end offsets a grant waits for, captured when it was asked for. */
    public record Target(Instant capturedAt, SortedMap<Integer, SubscriberOffsets.Range> ranges) {

        public Target {
            ranges = Collections.unmodifiableSortedMap(new TreeMap<>(ranges));
        }

        /** End offset per partition, e.g. {@code {0=1200, 1=1187}}. */
        public String endOffsets() {
            return ranges.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().end())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /**
     * How far one partition is behind.
     *
     * @param position next offset the listener will handle: the group's committed offset, at least the log start
     * @param end      end offset aimed at
     * @param lag      records still to handle; 0 once caught up, even if only markers separate position and end
     */
    public record PartitionLag(int partition, long position, long end, long lag) {
    }

    /** How far the subscriber table is behind a target, per partition. */
    public record Lag(Instant measuredAt, List<PartitionLag> partitions) {

        public Lag {
            partitions = List.copyOf(partitions);
        }

        public long total() {
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }

        public boolean caughtUp() {
            return total() == 0;
        }

        /** E.g. {@code partition 0: at 1200 of 4200, 3000 behind; partition 1: caught up at 98}. */
        public String describe() {
            if (partitions.isEmpty()) {
                return "no partition";
            }
            return partitions.stream().map(p -> p.lag() == 0
                            ? "partition %d: caught up at %d".formatted(p.partition(), p.end())
                            : "partition %d: at %d of %d, %d behind".formatted(p.partition(), p.position(), p.end(),
                            p.lag()))
                    .collect(Collectors.joining("; "));
        }
    }

    /**
     * What a probe found from {@code from}: {@code next} is the offset of the first record a read_committed consumer
     * gets, or {@code until} when there is none below {@code until}.
     */
    private record Probe(long from, long until, long next) {

        boolean foundRecord() {
            return next < until;
        }

        /** Whether this probe answers for an end offset without probing further. */
        boolean covers(long end) {
            return foundRecord() || end <= until;
        }

        boolean recordBelow(long end) {
            return foundRecord() && next < end;
        }
    }

    private final SubscriberOffsets offsets;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final Map<Integer, Long> lastPositions = new ConcurrentHashMap<>();
    private final Map<Integer, Probe> probes = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public SubscriberCatchUp(SubscriberOffsets offsets, Clock clock, Sleeper sleeper, Duration pollInterval) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
        }
        this.offsets = offsets;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    /** With real time: {@link Thread#sleep(Duration)} between checks. */
    public SubscriberCatchUp(SubscriberOffsets offsets, Clock clock, Duration pollInterval) {
        this(offsets, clock, Thread::sleep, pollInterval);
    }

    /** The end offsets of {@code subscribers.v1} now. */
    public Target capture() {
        return new Target(clock.instant(), new TreeMap<>(offsets.ranges()));
    }

    /** How far the subscriber table is behind the end offsets of {@code subscribers.v1} now. */
    public Lag lag() {
        return lag(capture());
    }

    /** How far the subscriber table is behind a target. */
    public Lag lag(Target target) {
        Map<Integer, Long> committed = offsets.committed();
        List<PartitionLag> lags = new ArrayList<>(target.ranges().size());
        target.ranges().forEach((partition, range) -> {
            Long committedOffset = committed.get(partition);
            long position = committedOffset == null ? range.start() : Math.max(range.start(), committedOffset);
            lags.add(new PartitionLag(partition, position, range.end(), behind(partition, position, range.end())));
        });
        return new Lag(clock.instant(), lags);
    }

    /**
     * Waits until the subscriber table has caught up with a target, checking every poll interval.
     *
     * @return the lag measured when it had caught up
     * @throws SubscribersNotCaughtUpException when it has not caught up within {@code timeout}, or when
     *                                         {@link #stop() stopped} or interrupted meanwhile
     */
    public Lag await(Target target, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Lag lag = null;
        RuntimeException lastFailure = null;
        while (true) {
            if (stopped) {
                throw new SubscribersNotCaughtUpException("Stopped while waiting for the subscriber table to catch up"
                        + " with subscribers.v1 end offsets " + target.endOffsets());
            }
            try {
                lag = lag(target);
                lastFailure = null;
                if (lag.caughtUp()) {
                    return lag;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw notCaughtUp(target, timeout, lag, lastFailure);
            }
            try {
                sleeper.sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SubscribersNotCaughtUpException("Interrupted while waiting for the subscriber table to catch"
                        + " up with subscribers.v1 end offsets " + target.endOffsets(), e);
            }
        }
    }

    /** Makes every wait, under way or to come, fail at once: the service is shutting down. */
    public void stop() {
        stopped = true;
    }

    private static SubscribersNotCaughtUpException notCaughtUp(Target target, Duration timeout, Lag lag,
                                                              RuntimeException lastFailure) {
        StringBuilder message = new StringBuilder("Subscriber table not caught up with subscribers.v1 within ")
                .append(timeout).append(": ");
        if (lag != null) {
            message.append(lag.total()).append(" records behind the end offsets captured at ")
                    .append(target.capturedAt()).append(" (").append(lag.describe()).append(")");
        } else {
            message.append("end offsets captured at ").append(target.capturedAt()).append(' ')
                    .append(target.endOffsets());
        }
        if (lastFailure != null) {
            message.append("; last check failed: ").append(lastFailure);
        }
        message.append("; no credit granted, rather than credit a partial subscriber base");
        return new SubscribersNotCaughtUpException(message.toString(), lastFailure);
    }

    /** Records still to handle in a partition between {@code position} and {@code end}. */
    private long behind(int partition, long position, long end) {
        Long previous = lastPositions.put(partition, position);
        if (position >= end) {
            return 0;
        }
        Probe known = probes.get(partition);
        if (known == null || known.from() != position) {
            boolean stalled = previous == null || previous == position;
            if (!stalled) {
                // The listener is moving: it is behind, no need to look closer.
                return end - position;
            }
            known = null;
        }
        Probe probe = probe(partition, position, known, end);
        if (probe == null) {
            return end - position;
        }
        probes.put(partition, probe);
        return probe.recordBelow(end) ? end - position : 0;
    }

    /** What lies between {@code position} and {@code end}, building on what is known; null if undetermined. */
    private Probe probe(int partition, long position, Probe known, long end) {
        if (known != null && known.covers(end)) {
            return known;
        }
        long from = known == null ? position : known.until();
        OptionalLong next = offsets.firstRecord(partition, from, end);
        if (next.isEmpty()) {
            return null;
        }
        return new Probe(position, end, Math.min(next.getAsLong(), end));
    }
}
