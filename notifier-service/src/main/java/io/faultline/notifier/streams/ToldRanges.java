package io.faultline.notifier.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ToldRange}s of one episode of an outage, one per fan-out that told a stage of it, kept in a
 * changelog-backed store under the episode key.
 *
 * @param outageId the outage
 * @param episode  how many times it had been reopened
 * @param ranges   one per told stage and version
 * @param legacy   the episode was open before told ranges existed: its decisions may be kept per channel
 * @param endedAt  wall-clock time (ms) at which a resolution first reached the whole base, or null
 */
record ToldRanges(String outageId, int episode, List<ToldRange> ranges, boolean legacy, Long endedAt) {

    ToldRanges {
        ranges = List.copyOf(ranges);
    }

    static ToldRanges none(String outageId, int episode) {
        return new ToldRanges(outageId, episode, List.of(), false, null);
    }

    /** The key of an episode: {@code outageId#episode}. */
    static String keyOf(String outageId, int episode) {
        return outageId + "#" + episode;
    }

    String key() {
        return keyOf(outageId, episode);
    }

    /** The same ranges with this one in place of the range of the same version, or added. */
    ToldRanges with(ToldRange range) {
        List<ToldRange> next = new ArrayList<>(ranges.size() + 1);
        for (ToldRange known : ranges) {
            if (known.version() != range.version()) {
                next.add(known);
            }
        }
        next.add(range);
        return new ToldRanges(outageId, episode, next, legacy, endedAt);
    }

    /** The same ranges, noting when the end first reached the whole base. */
    ToldRanges endedAt(long wallClockMs) {
        return endedAt != null ? this : new ToldRanges(outageId, episode, ranges, legacy, wallClockMs);
    }

    /** The same episode without the range of this version. */
    ToldRanges without(long version) {
        List<ToldRange> others = ranges.stream().filter(range -> range.version() != version).toList();
        return others.size() == ranges.size() ? this : new ToldRanges(outageId, episode, others, legacy, endedAt);
    }

    ToldRange of(long version) {
        for (ToldRange range : ranges) {
            if (range.version() == version) {
                return range;
            }
        }
        return null;
    }

    /** Whether the whole base has been told the episode ended. */
    boolean ended() {
        return ranges.stream().anyMatch(range -> !range.opening() && range.complete());
    }
}
