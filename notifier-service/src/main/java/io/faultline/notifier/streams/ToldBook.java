package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.policy.StagePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Who has been told the start and the end of each episode of an outage, without a record per notice:
 * <ul>
 *   <li>the vulnerable lanes keep one decision record per notice, under its notice id without the channel
 *       (store {@code notices-decided});</li>
 *   <li>each whole-base lane keeps one {@link ToldRange}: how far it scanned, and the scope it told (store
 *       {@code told-ranges});</li>
 *   <li>a subscriber whose record changes, arrives or goes while an episode is open (from its first told stage
 *       until it is reopened, merged, or a retention period after its end), after a lane passed their
 *       id, has that lane's verdict on their old record frozen ({@link FrozenVerdicts}, store {@code
 *       told-frozen}), so the lane is never judged again on the new record.</li>
 * </ul>
 * Used by the fan-out and by the writer of the subscriber store, which share the task.
 */
final class ToldBook {

    private static final long OPEN = 1L;

    private final KeyValueStore<String, Long> decided;
    private final KeyValueStore<String, ToldRanges> ranges;
    private final KeyValueStore<String, Long> openEpisodes;
    private final KeyValueStore<String, FrozenVerdicts> frozen;

    ToldBook(ProcessingContext context) {
        this.decided = context.getStateStore(NotifierTopology.NOTICES_DECIDED_STORE);
        this.ranges = context.getStateStore(NotifierTopology.TOLD_RANGES_STORE);
        this.openEpisodes = context.getStateStore(NotifierTopology.OPEN_EPISODES_STORE);
        this.frozen = context.getStateStore(NotifierTopology.TOLD_FROZEN_STORE);
    }

    /** The episode's ranges as recorded now. */
    ToldRanges episode(String outageId, int episode) {
        return Objects.requireNonNullElse(ranges.get(ToldRanges.keyOf(outageId, episode)),
                ToldRanges.none(outageId, episode));
    }

    /**
     * Opens the episode when a told stage of it first arrives. An episode that a build before told ranges had
     * already told (the outage was known, the episode has no record) is marked legacy: its decisions are also
     * looked up per channel, as that build kept them.
     */
    void begin(String outageId, int episode, boolean toldBefore) {
        String key = ToldRanges.keyOf(outageId, episode);
        if (ranges.get(key) == null) {
            ranges.put(key, new ToldRanges(outageId, episode, List.of(), toldBefore, null));
            openEpisodes.put(key, OPEN);
        }
    }

    /** Records how far a lane got, and when the end first reached the whole base. */
    ToldRanges record(ToldRanges episode, ToldRange range, long wallClockMs) {
        ToldRanges next = episode.with(range);
        if (next.ended()) {
            next = next.endedAt(wallClockMs);
        }
        ranges.put(next.key(), next);
        return next;
    }

    /**
     * Closes an episode: its subscribers' later changes are no longer frozen, and the verdicts frozen so far are
     * dropped. Done when the outage is reopened (a new episode starts), when it is merged into another, and a
     * retention period after its end reached the whole base (a corrected resolution within it still finds who
     * was told).
     */
    void close(String outageId, int episode) {
        String key = ToldRanges.keyOf(outageId, episode);
        openEpisodes.delete(key);
        List<String> dropped = new ArrayList<>();
        try (KeyValueIterator<String, FrozenVerdicts> verdicts = frozen.prefixScan(key + "|",
                Serdes.String().serializer())) {
            verdicts.forEachRemaining(entry -> dropped.add(entry.key));
        }
        dropped.forEach(frozen::delete);
    }

    /** Closes the episodes whose end reached the whole base before the cutoff (wall clock, ms). */
    void closeEndedBefore(long cutoffMs) {
        List<ToldRanges> ended = new ArrayList<>();
        try (KeyValueIterator<String, Long> open = openEpisodes.all()) {
            open.forEachRemaining(entry -> {
                ToldRanges episode = ranges.get(entry.key);
                if (episode != null && episode.endedAt() != null && episode.endedAt() < cutoffMs) {
                    ended.add(episode);
                }
            });
        }
        ended.forEach(episode -> close(episode.outageId(), episode.episode()));
    }

    /** Records a notice decided by a vulnerable lane. */
    void recordDecision(String noticeId, long timestamp) {
        decided.put(decisionKey(noticeId), timestamp);
    }

    /**
     * Whether the notice was decided already, on any channel: by a vulnerable lane, or by another fan-out's
     * whole-base lane.
     */
    boolean decided(ToldRanges episode, String noticeId, OutageStatus stage, Subscriber subscriber) {
        if (decided(episode, decisionKey(noticeId))) {
            return true;
        }
        return switch (stage) {
            case DETECTED, REOPENED -> toldByRanges(episode, subscriber, true);
            case RESOLVED -> toldByRanges(episode, subscriber, false);
            default -> false;
        };
    }

    /** Whether the subscriber was told (or recorded as not reachable) that the episode started. */
    boolean toldOpening(ToldRanges episode, Subscriber subscriber) {
        String opening = NoticeReceipt.noticeIdOf(episode.outageId(), episode.episode(),
                StagePolicy.opening(episode.episode()), subscriber.subscriberId(), NoticeChannel.SMS);
        return decided(episode, decisionKey(opening)) || toldByRanges(episode, subscriber, true);
    }

    private boolean decided(ToldRanges episode, String decisionKey) {
        if (decided.get(decisionKey) != null) {
            return true;
        }
        if (episode.legacy()) {
            for (NoticeChannel channel : NoticeChannel.values()) {
                if (decided.get(decisionKey + ":" + channel) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A decision is kept per stage, not per channel: the notice id without its channel. */
    private static String decisionKey(String noticeId) {
        return noticeId.substring(0, noticeId.lastIndexOf(':'));
    }

    private boolean toldByRanges(ToldRanges episode, Subscriber subscriber, boolean opening) {
        FrozenVerdicts verdicts = null;
        boolean looked = false;
        for (ToldRange range : episode.ranges()) {
            if (range.opening() != opening || !range.reaches(subscriber.subscriberId())) {
                continue;
            }
            if (!looked) {
                verdicts = frozen.get(frozenKey(episode, subscriber.subscriberId()));
                looked = true;
            }
            Boolean verdict = verdicts == null ? null : verdicts.toldByVersion().get(range.version());
            if (verdict != null ? verdict : range.tells(subscriber, () -> toldOpening(episode, subscriber))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Before a subscriber's record is replaced, first stored or removed: for every open episode, freezes the
     * verdict of each lane that has already passed them, judged on the record they had (told nothing when they
     * had none). Nothing is written when the change does not touch who is affected.
     *
     * @param stored  reads the record stored until now (null when none); read only while an episode is open
     * @param current the record from now on, or null when removed
     */
    void beforeChange(String subscriberId, Supplier<Subscriber> stored, Subscriber current) {
        List<String> open = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = openEpisodes.all()) {
            all.forEachRemaining(entry -> open.add(entry.key));
        }
        if (open.isEmpty()) {
            return;
        }
        Subscriber old = stored.get();
        if (old == null && current == null || old != null && current != null && sameAudience(old, current)) {
            return;
        }
        for (String key : open) {
            ToldRanges episode = ranges.get(key);
            if (episode == null) {
                continue;
            }
            String frozenKey = frozenKey(episode, subscriberId);
            FrozenVerdicts known = frozen.get(frozenKey);
            Map<Long, Boolean> verdicts = known == null ? new HashMap<>() : new HashMap<>(known.toldByVersion());
            for (ToldRange range : episode.ranges()) {
                if (!verdicts.containsKey(range.version()) && range.reaches(subscriberId)) {
                    verdicts.put(range.version(),
                            old != null && range.tells(old, () -> toldOpening(episode, old)));
                }
            }
            if (!verdicts.isEmpty() && (known == null || !verdicts.equals(known.toldByVersion()))) {
                frozen.put(frozenKey, new FrozenVerdicts(verdicts));
            }
        }
    }

    private static boolean sameAudience(Subscriber a, Subscriber b) {
        return a.homeRegion().equals(b.homeRegion()) && a.platforms().equals(b.platforms())
                && a.plan().services().equals(b.plan().services());
    }

    private static String frozenKey(ToldRanges episode, String subscriberId) {
        return episode.key() + "|" + subscriberId;
    }
}
