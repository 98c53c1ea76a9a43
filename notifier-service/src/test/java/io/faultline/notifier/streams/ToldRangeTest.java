package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToldRangeTest {

    private static final OutageScope NORTH = new OutageScope(Set.of(Service.DATA), Set.of("north"), Set.of());

    private static ToldRange reached(String subscriberId) {
        return new ToldRange(OutageStatus.DETECTED, 1, NORTH, null, subscriberId, false);
    }

    @Test
    void aLaneReachesTheIdsUpToTheLastItScannedInclusive() {
        assertThat(reached("S00500").reaches("S00499")).isTrue();
        assertThat(reached("S00500").reaches("S00500")).isTrue();
        assertThat(reached("S00500").reaches("S00501")).isFalse();
        assertThat(new ToldRange(OutageStatus.DETECTED, 1, NORTH, null, null, false).reaches("A")).isFalse();
        assertThat(new ToldRange(OutageStatus.DETECTED, 1, NORTH, null, "A", true).reaches("Z")).isTrue();
    }

    @Test
    void idsAreOrderedAsTheStoreScansThemByTheirUtf8BytesNotAsJavaComparesStrings() {
        String privateUse = "\uE000";
        String emoji = "\uD83D\uDE00";
        assertThat(privateUse.compareTo(emoji)).as("Java puts the emoji first").isPositive();

        assertThat(reached(emoji).reaches(privateUse)).as("in UTF-8 the private-use character comes first")
                .isTrue();
        assertThat(reached(privateUse).reaches(emoji)).isFalse();
    }

    @Test
    void aNewerRangeOfTheSameVersionReplacesTheOldOne() {
        ToldRanges episode = ToldRanges.none("OUT-1", 0).with(reached("S1")).with(reached("S2"));

        assertThat(episode.ranges()).singleElement().extracting(ToldRange::reached).isEqualTo("S2");
        assertThat(episode.ended()).isFalse();
        assertThat(episode.with(new ToldRange(OutageStatus.RESOLVED, 2, NORTH, null, null, true)).ended()).isTrue();
    }
}
