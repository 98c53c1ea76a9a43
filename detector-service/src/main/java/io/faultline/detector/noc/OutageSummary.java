package io.faultline.detector.noc;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.detector.detection.ManagedOutage;
import java.time.Instant;

/**
 * An outage as {@code GET /api/noc/outages} lists it: its last published state.
 *
 * @param id                outage id
 * @param status            last published stage (DETECTED, UPDATED, RESOLVED, REOPENED)
 * @param version           last published version
 * @param title             public title
 * @param severity          impact
 * @param scope             services, regions and elements affected
 * @param startedAt         onset
 * @param detectedAt        when it was detected or declared
 * @param endedAt           end, null while open
 * @param evidence          alarms and complaints behind it
 * @param estimatedAffected estimated subscribers affected
 * @param publicMessage     message for customers, may be null
 * @param eta               expected restoration, may be null
 * @param mergedInto        the outage it was merged into, null otherwise
 * @param manual            declared by the NOC (it only resolves by hand)
 */
public record OutageSummary(String id, OutageStatus status, long version, String title, OutageSeverity severity,
                            OutageScope scope, Instant startedAt, Instant detectedAt, Instant endedAt,
                            Evidence evidence, long estimatedAffected, String publicMessage, Instant eta,
                            String mergedInto, boolean manual) {

    static OutageSummary of(ManagedOutage outage) {
        OutageSnapshot s = outage.snapshot();
        return new OutageSummary(s.outageId(), outage.status(), s.version(), s.title(), s.severity(), s.scope(),
                s.startedAt(), s.detectedAt(), s.endedAt(), s.evidence(), s.estimatedAffected(), s.publicMessage(),
                s.eta(), s.mergedInto(), outage.manual());
    }
}
