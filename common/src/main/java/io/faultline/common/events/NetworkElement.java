package io.faultline.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One element of the network inventory (compacted topic {@code network.topology.v1}, key: element id;
 * a tombstone removes the element).
 *
 * @param elementId          unique id, the key of alarms raised on it
 * @param type               kind of element
 * @param parentId           element this one depends on (a cell's site, a site's controller), null at the top
 * @param regions            regions the element serves
 * @param services           services the element carries; an element that carries none opens no outage
 * @param subscribersServed  inventory estimate of subscribers served, used for the affected estimate
 * @param updatedAt          when the inventory last changed this element
 */
public record NetworkElement(String elementId, ElementType type, String parentId, List<String> regions,
                             Set<Service> services, long subscribersServed, Instant updatedAt)
        implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.network.element", 1);

    public NetworkElement {
        Require.text(elementId, "elementId");
        Require.present(type, "type");
        regions = Require.list(regions);
        services = Require.set(services);
        Require.nonNegative(subscribersServed, "subscribersServed");
        Require.present(updatedAt, "updatedAt");
    }

    @Override
    public String eventId() {
        return "element:" + elementId + ":" + updatedAt.toEpochMilli();
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return elementId;
    }

    @Override
    public Instant occurredAt() {
        return updatedAt;
    }
}
