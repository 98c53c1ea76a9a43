package io.faultline.detector.complaints;

/**
 * A one-sided tail test on a count of distinct complainants: how unlikely is a count at least this high if the
 * baseline holds, and from which count is a bucket abnormal.
 */
public interface SurgeTest {

    /** {@code P(X >= k)} for a count X with the expected mean and variance; 1 for {@code k <= 0}. */
    double upperTail(long k, ExpectedCount expected);

    /**
     * The smallest count k with {@code P(X >= k) <= significance}: counts from k on are abnormal.
     *
     * @param significance a probability in (0, 1)
     */
    default long threshold(ExpectedCount expected, double significance) {
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("significance must be in (0, 1), got " + significance);
        }
        long base = (long) Math.ceil(expected.mean());
        long step = Math.max(1, (long) Math.ceil(Math.sqrt(expected.variance())));
        long notAbnormal = 0;
        long abnormal = base + step;
        while (upperTail(abnormal, expected) > significance) {
            notAbnormal = abnormal;
            step *= 2;
            abnormal = base + step;
        }
        while (abnormal - notAbnormal > 1) {
            long middle = notAbnormal + (abnormal - notAbnormal) / 2;
            if (upperTail(middle, expected) > significance) {
                notAbnormal = middle;
            } else {
                abnormal = middle;
            }
        }
        return abnormal;
    }

    /** The test of the given kind. */
    static SurgeTest of(SurgeTestKind kind) {
        return switch (kind) {
            case POISSON -> PoissonSurgeTest.INSTANCE;
            case NEGATIVE_BINOMIAL -> NegativeBinomialSurgeTest.INSTANCE;
        };
    }
}
