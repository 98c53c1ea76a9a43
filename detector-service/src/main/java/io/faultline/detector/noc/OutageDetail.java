package io.faultline.detector.noc;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.detection.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An outage as {@code GET /api/noc/outages/{id}} shows it: the fields of {@link OutageSummary}, what holds it
 * open and its history.
 *
 * @param id                outage id
 * @param status            last published stage
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
 * @param activeElements    failed elements holding it open, sorted
 * @param activeSurges      complaint surges ({@code region|SERVICE}) holding it open, sorted
 * @param timeline          history, oldest first, with the actor of each entry ("detector" or a NOC user)
 */
public record OutageDetail(String id, OutageStatus status, long version, String title, OutageSeverity severity,
                           OutageScope scope, Instant startedAt, Instant detectedAt, Instant endedAt,
                           Evidence evidence, long estimatedAffected, String publicMessage, Instant eta,
                           String mergedInto, boolean manual, Set<String> activeElements, Set<String> activeSurges,
                           List<TimelineEntry> timeline) {

    static OutageDetail of(ManagedOutage outage) {
        OutageSnapshot s = outage.snapshot();
        return new OutageDetail(s.outageId(), outage.status(), s.version(), s.title(), s.severity(), s.scope(),
                s.startedAt(), s.detectedAt(), s.endedAt(), s.evidence(), s.estimatedAffected(), s.publicMessage(),
                s.eta(), s.mergedInto(), outage.manual(), new TreeSet<>(outage.activeElements()),
                new TreeSet<>(outage.activeSurges()), outage.timeline());
    }
}
