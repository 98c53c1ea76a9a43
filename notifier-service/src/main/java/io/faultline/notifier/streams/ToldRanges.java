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
 */
record ToldRanges(String outageId, int episode, List<ToldRange> ranges) {

    ToldRanges {
        ranges = List.copyOf(ranges);
    }

    static ToldRanges none(String outageId, int episode) {
        return new ToldRanges(outageId, episode, List.of());
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
        return new ToldRanges(outageId, episode, next);
    }

    ToldRange of(long version) {
        for (ToldRange range : ranges) {
            if (range.version() == version) {
                return range;
            }
        }
        return null;
    }

    /** Whether the whole base has been told the episode ended: after that, it is no longer open. */
    boolean ended() {
        return ranges.stream().anyMatch(range -> !range.opening() && range.complete());
    }
}
