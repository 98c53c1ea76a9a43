package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.detector.complaints.SurgeDetectorState.BucketCount;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Instant minute(int n) {
        return T0.plusSeconds(60L * n);
    }

    private static BucketCount bucket(int minute, long count) {
        return new BucketCount(minute(minute), count, false);
    }

    @Test
    void putKeepsTheBucketsInOrderAndReplacesOneWithTheSameStart() {
        BucketIndex index = new BucketIndex(List.of(bucket(1, 1), bucket(5, 5)));

        index.put(bucket(3, 3));
        index.put(bucket(0, 7));
        index.put(bucket(9, 9));
        index.put(bucket(5, 50));

        assertThat(index.values()).containsExactly(bucket(0, 7), bucket(1, 1), bucket(3, 3), bucket(5, 50),
                bucket(9, 9));
        assertThat(index.get(minute(3))).isEqualTo(bucket(3, 3));
        assertThat(index.get(minute(4))).isNull();
    }

    @Test
    void totalCountsFromTheStartInclusiveToTheEndExclusive() {
        BucketIndex index = new BucketIndex(List.of(bucket(1, 1), bucket(2, 10), bucket(4, 100), bucket(6, 1000)));

        assertThat(index.total(minute(2), minute(6))).isEqualTo(110);
        assertThat(index.total(minute(0), minute(1))).isZero();
        assertThat(index.total(minute(3), minute(7))).isEqualTo(1100);
        assertThat(index.total(minute(7), minute(9))).isZero();
    }

    @Test
    void dropBeforeForgetsOnlyOlderBuckets() {
        BucketIndex index = new BucketIndex(List.of(bucket(1, 1), bucket(2, 2), bucket(4, 4)));

        index.dropBefore(minute(2));
        assertThat(index.values()).containsExactly(bucket(2, 2), bucket(4, 4));
        index.dropBefore(minute(3));
        assertThat(index.values()).containsExactly(bucket(4, 4));
        index.dropBefore(minute(10));
        assertThat(index.values()).isEmpty();
    }

    @Test
    void bucketsGivenOutOfOrderAreSortedFirst() {
        BucketIndex index = new BucketIndex(List.of(bucket(4, 4), bucket(1, 1), bucket(2, 2)));

        assertThat(index.values()).containsExactly(bucket(1, 1), bucket(2, 2), bucket(4, 4));
        assertThat(index.get(minute(1))).isEqualTo(bucket(1, 1));
    }
}
