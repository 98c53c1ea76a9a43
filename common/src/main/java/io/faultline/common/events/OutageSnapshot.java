package io.faultline.common.events;

import java.time.Instant;

/**
 * The state of an outage as of one lifecycle event.
 *
 * @param outageId          stable id for the whole life of the outage, including reopenings
 * @param version           monotonic, +1 per lifecycle event of this outage
 * @param title             short public title
 * @param severity          impact
 * @param scope             what is affected
 * @param startedAt         onset (event time of the first evidence)
 * @param detectedAt        when Faultline decided it was an outage
 * @param endedAt           end of the outage, null while open
 * @param evidence          supporting evidence
 * @param estimatedAffected estimated number of affected subscribers
 * @param publicMessage     message for the public status page and notices, may be null
 * @param eta               expected restoration announced by the NOC, may be null
 * @param mergedInto        set on the RESOLVED event of an outage that was merged into another one: the id of the
 *                          outage that goes on (its customers are told through that one), otherwise null
 */
public record OutageSnapshot(String outageId, long version, String title, OutageSeverity severity, OutageScope scope,
                             Instant startedAt, Instant detectedAt, Instant endedAt, Evidence evidence,
                             long estimatedAffected, String publicMessage, Instant eta, String mergedInto) {

    public OutageSnapshot {
        Require.text(outageId, "outageId");
        if (version < 1) {
            throw new IllegalArgumentException("field 'version' must be >= 1, was " + version);
        }
        Require.text(title, "title");
        Require.present(severity, "severity");
        Require.present(scope, "scope");
        Require.present(startedAt, "startedAt");
        Require.present(detectedAt, "detectedAt");
        Require.present(evidence, "evidence");
        Require.nonNegative(estimatedAffected, "estimatedAffected");
    }

    /** A snapshot without ETA that was not merged. */
    public OutageSnapshot(String outageId, long version, String title, OutageSeverity severity, OutageScope scope,
                          Instant startedAt, Instant detectedAt, Instant endedAt, Evidence evidence,
                          long estimatedAffected, String publicMessage) {
        this(outageId, version, title, severity, scope, startedAt, detectedAt, endedAt, evidence, estimatedAffected,
                publicMessage, null, null);
    }

    /** The next version of this outage with the given end (null keeps it open). */
    public OutageSnapshot next(Instant endedAt) {
        return new OutageSnapshot(outageId, version + 1, title, severity, scope, startedAt, detectedAt, endedAt,
                evidence, estimatedAffected, publicMessage, eta, mergedInto);
    }

    /** Whether this outage ended by being merged into another one. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean merged() {
        return mergedInto != null;
    }
}
