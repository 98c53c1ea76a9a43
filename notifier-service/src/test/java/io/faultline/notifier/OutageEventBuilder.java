package io.faultline.notifier;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageChange;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Builds outage events for the notifier's tests: an outage's lasting facts once, then one event per stage. */
public final class OutageEventBuilder {

    private final String outageId;
    private String title = "Mobile data unavailable";
    private OutageSeverity severity = OutageSeverity.MAJOR;
    private Set<Service> services = Set.of(Service.DATA);
    private Set<String> regions = Set.of("north-west");
    private Set<String> elements = Set.of();
    private Instant startedAt = Instant.parse("2018-12-06T05:30:00Z");
    private String publicMessage;
    private Instant eta;
    private String mergedInto;
    private OutageChange change;

    private OutageEventBuilder(String outageId) {
        this.outageId = outageId;
    }

    public static OutageEventBuilder outage(String outageId) {
        return new OutageEventBuilder(outageId);
    }

    public OutageEventBuilder title(String title) {
        this.title = title;
        return this;
    }

    public OutageEventBuilder severity(OutageSeverity severity) {
        this.severity = severity;
        return this;
    }

    public OutageEventBuilder services(Service... services) {
        this.services = Set.of(services);
        return this;
    }

    public OutageEventBuilder regions(String... regions) {
        this.regions = Set.of(regions);
        return this;
    }

    public OutageEventBuilder elements(String... elements) {
        this.elements = Set.of(elements);
        return this;
    }

    public OutageEventBuilder startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public OutageEventBuilder publicMessage(String publicMessage) {
        this.publicMessage = publicMessage;
        return this;
    }

    public OutageEventBuilder eta(Instant eta) {
        this.eta = eta;
        return this;
    }

    public OutageEventBuilder mergedInto(String mergedInto) {
        this.mergedInto = mergedInto;
        return this;
    }

    public OutageEventBuilder changedBy(String actor, String action, String note) {
        this.change = new OutageChange(actor, action, note);
        return this;
    }

    /** The event of {@code stage} at {@code at}; a RESOLVED event ends the outage at {@code at}. */
    public OutageEvent event(OutageStatus stage, long version, Instant at) {
        Instant end = stage == OutageStatus.RESOLVED ? at : null;
        OutageSnapshot snapshot = new OutageSnapshot(outageId, version, title, severity,
                new OutageScope(services, regions, elements), startedAt, startedAt.plusSeconds(120), end,
                new Evidence(List.of("ALM-" + outageId), 0, 0, 0.9), 1000, publicMessage, eta, mergedInto);
        return OutageEvent.of(stage, at, snapshot, change);
    }
}
