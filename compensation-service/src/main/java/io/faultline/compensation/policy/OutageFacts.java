package io.faultline.compensation.policy;

import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a policy needs to know of an outage. For a liability preview of an outage still open, {@code endedAt} is
 * the moment of the preview ("if it ended now").
 *
 * @param outageId  the outage
 * @param scope     services, regions and elements affected
 * @param startedAt when it started
 * @param endedAt   when it ended (or would end)
 * @param affected  how many subscribers it affected (the detector's estimate)
 * @param causes    causes declared for it (e.g. {@code force-majeure}); empty when none was declared
 */
public record OutageFacts(String outageId, OutageScope scope, Instant startedAt, Instant endedAt, long affected,
                          Set<String> causes) {

    public OutageFacts {
        Objects.requireNonNull(outageId, "outageId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        causes = Set.copyOf(causes);
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("an outage cannot end before it starts: " + outageId);
        }
    }

    /** The facts of an outage snapshot; an open one is taken as ending at {@code now}. */
    public static OutageFacts of(OutageSnapshot outage, Instant now, Set<String> causes) {
        Instant end = outage.endedAt() != null ? outage.endedAt() : now;
        return new OutageFacts(outage.outageId(), outage.scope(), outage.startedAt(), end,
                outage.estimatedAffected(), causes);
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
