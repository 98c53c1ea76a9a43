package io.faultline.detector.detection;

import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.Set;

/**
 * A manual action of a NOC engineer, authenticated by the REST layer.
 *
 * @param commandId     unique id (a retried request with the same id acts once)
 * @param action        what to do
 * @param actor         authenticated user name
 * @param at            when it was requested
 * @param outageId      outage acted on (null for DECLARE, which gets a new id)
 * @param intoOutageId  MERGE: the outage that absorbs {@code outageId}
 * @param title         DECLARE: public title
 * @param severity      DECLARE: severity
 * @param services      DECLARE: services affected
 * @param regions       DECLARE: regions affected
 * @param elements      DECLARE: elements affected (a platform element scopes to the lines homed on it)
 * @param publicMessage DECLARE/ANNOTATE: message for customers and the status page
 * @param eta           DECLARE/ANNOTATE: expected restoration, may be null
 * @param note          free text recorded in the history (reason for a merge or a resolution)
 */
public record NocCommand(String commandId, Action action, String actor, Instant at, String outageId,
                         String intoOutageId, String title, OutageSeverity severity, Set<Service> services,
                         Set<String> regions, Set<String> elements, String publicMessage, Instant eta, String note)
        implements DetectionSignal {

    /** Manual actions on outages. */
    public enum Action { DECLARE, ANNOTATE, MERGE, RESOLVE }

    public NocCommand {
        services = services == null ? Set.of() : Set.copyOf(services);
        regions = regions == null ? Set.of() : Set.copyOf(regions);
        elements = elements == null ? Set.of() : Set.copyOf(elements);
    }
}
