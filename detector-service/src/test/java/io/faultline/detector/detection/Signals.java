package io.faultline.detector.detection;

import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detection signals over {@link TestNetwork#standard()}: element failures and restorations shaped the way
 * AlarmProcessor derives them from an element's outage (scope, ancestors, title from the inventory), complaint
 * surges and NOC commands.
 */
final class Signals {

    static final long COMPLAINANTS = 120;
    static final double BASELINE = 6.0;
    static final Duration SURGE_ONSET_LEAD = Duration.ofMinutes(15);
    static final String ACTOR = "noc.alice";

    private Signals() {
    }

    static ElementSignal failed(String elementId, Instant at, String... alarmIds) {
        return failed(elementId, OutageSeverity.MAJOR, at, alarmIds);
    }

    static ElementSignal failed(String elementId, OutageSeverity severity, Instant at, String... alarmIds) {
        return element(elementId, true, at, List.of(alarmIds), severity);
    }

    static ElementSignal restored(String elementId, Instant at) {
        return element(elementId, false, at, List.of(), null);
    }

    /** A surge whose first abnormal bucket started {@link #SURGE_ONSET_LEAD} before {@code at}. */
    static ComplaintSurge surge(String region, Service service, SurgeState state, Instant at) {
        return surge(region, service, state, at, at.minus(SURGE_ONSET_LEAD), COMPLAINANTS);
    }

    static ComplaintSurge surge(String region, Service service, SurgeState state, Instant at, Instant onsetAt,
                                long complainants) {
        return new ComplaintSurge(region, service, state, at, onsetAt, at.minus(Duration.ofMinutes(5)), complainants,
                BASELINE, 14, 1e-9);
    }

    static Noc noc(String commandId, NocCommand.Action action, Instant at) {
        return new Noc(commandId, action, at);
    }

    private static ElementSignal element(String elementId, boolean failed, Instant at, List<String> alarmIds,
                                         OutageSeverity severity) {
        TestNetwork network = TestNetwork.standard();
        NetworkElement element = network.get(elementId);
        Set<String> elements = new TreeSet<>(network.descendants(elementId));
        elements.add(elementId);
        Set<String> regions = element.type().isPlatform() ? Set.of() : new TreeSet<>(element.regions());
        return new ElementSignal(elementId, failed, at, alarmIds, severity, AlarmCorrelator.title(element),
                element.services(), regions, elements, network.ancestors(elementId), element.subscribersServed());
    }

    /** A NOC command under construction; {@link #ACTOR} unless told otherwise. */
    static final class Noc {

        private final String commandId;
        private final NocCommand.Action action;
        private final Instant at;
        private String actor = ACTOR;
        private String outageId;
        private String intoOutageId;
        private String title;
        private OutageSeverity severity;
        private Set<Service> services = Set.of();
        private Set<String> regions = Set.of();
        private Set<String> elements = Set.of();
        private String publicMessage;
        private Instant eta;
        private String note;

        private Noc(String commandId, NocCommand.Action action, Instant at) {
            this.commandId = commandId;
            this.action = action;
            this.at = at;
        }

        Noc actor(String value) {
            this.actor = value;
            return this;
        }

        Noc outage(String value) {
            this.outageId = value;
            return this;
        }

        Noc into(String value) {
            this.intoOutageId = value;
            return this;
        }

        Noc title(String value) {
            this.title = value;
            return this;
        }

        Noc severity(OutageSeverity value) {
            this.severity = value;
            return this;
        }

        Noc services(Service... values) {
            this.services = Set.of(values);
            return this;
        }

        Noc regions(String... values) {
            this.regions = Set.of(values);
            return this;
        }

        Noc elements(String... values) {
            this.elements = Set.of(values);
            return this;
        }

        Noc message(String value) {
            this.publicMessage = value;
            return this;
        }

        Noc eta(Instant value) {
            this.eta = value;
            return this;
        }

        Noc note(String value) {
            this.note = value;
            return this;
        }

        NocCommand build() {
            return new NocCommand(commandId, action, actor, at, outageId, intoOutageId, title, severity, services,
                    regions, elements, publicMessage, eta, note);
        }
    }
}
