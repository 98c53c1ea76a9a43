package io.faultline.detector.detection;

import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small inventory: a national core above two RAN controllers, their sites and cells, and a voicemail platform
 * that serves the lines homed on it wherever they are.
 */
final class TestNetwork implements TopologyView {

    static final String CORE = "CORE-NAT";
    static final String RNC_NORTH = "RNC-N";
    static final String SITE_N1 = "SITE-N1";
    static final String CELL_N1_A = "CELL-N1-A";
    static final String CELL_N1_B = "CELL-N1-B";
    static final String SITE_N2 = "SITE-N2";
    static final String CELL_N2_A = "CELL-N2-A";
    static final String RNC_SOUTH = "RNC-S";
    static final String SITE_S1 = "SITE-S1";
    static final String CELL_S1_A = "CELL-S1-A";
    static final String VOICEMAIL = "VM-1";

    private static final Set<Service> RADIO = Set.of(Service.VOICE, Service.SMS, Service.DATA);
    private static final TestNetwork STANDARD = new TestNetwork(List.of(
            element(CORE, ElementType.SIGNALLING_CORE, null, List.of("north", "south"), RADIO, 2_000_000),
            element(RNC_NORTH, ElementType.RAN_CONTROLLER, CORE, List.of("north"), RADIO, 600_000),
            element(SITE_N1, ElementType.SITE, RNC_NORTH, List.of("north"), RADIO, 1_200),
            element(CELL_N1_A, ElementType.CELL, SITE_N1, List.of("north"), RADIO, 400),
            element(CELL_N1_B, ElementType.CELL, SITE_N1, List.of("north"), RADIO, 500),
            element(SITE_N2, ElementType.SITE, RNC_NORTH, List.of("north"), RADIO, 900),
            element(CELL_N2_A, ElementType.CELL, SITE_N2, List.of("north"), RADIO, 300),
            element(RNC_SOUTH, ElementType.RAN_CONTROLLER, CORE, List.of("south"), RADIO, 450_000),
            element(SITE_S1, ElementType.SITE, RNC_SOUTH, List.of("south"), RADIO, 1_000),
            element(CELL_S1_A, ElementType.CELL, SITE_S1, List.of("south"), RADIO, 350),
            element(VOICEMAIL, ElementType.VOICEMAIL_PLATFORM, null, List.of("north", "south"),
                    Set.of(Service.VOICEMAIL), 800_000)));

    private final Map<String, NetworkElement> elements = new LinkedHashMap<>();

    TestNetwork(List<NetworkElement> inventory) {
        inventory.forEach(element -> elements.put(element.elementId(), element));
    }

    static TestNetwork standard() {
        return STANDARD;
    }

    NetworkElement get(String elementId) {
        return element(elementId).orElseThrow(() -> new IllegalArgumentException("not in the inventory: " + elementId));
    }

    @Override
    public Optional<NetworkElement> element(String elementId) {
        return Optional.ofNullable(elements.get(elementId));
    }

    @Override
    public Set<String> descendants(String elementId) {
        Set<String> found = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(elementId));
        while (!todo.isEmpty()) {
            String parent = todo.pop();
            elements.values().stream()
                    .filter(element -> parent.equals(element.parentId()) && found.add(element.elementId()))
                    .forEach(element -> todo.push(element.elementId()));
        }
        return found;
    }

    @Override
    public long subscribersIn(String region) {
        List<String> only = List.of(region);
        return elements.values().stream()
                .filter(element -> element.regions().equals(only))
                .filter(element -> element.parentId() == null || !get(element.parentId()).regions().equals(only))
                .mapToLong(NetworkElement::subscribersServed)
                .sum();
    }

    private static NetworkElement element(String id, ElementType type, String parentId, List<String> regions,
                                          Set<Service> services, long subscribers) {
        return new NetworkElement(id, type, parentId, regions, services, subscribers,
                Instant.parse("2018-01-01T00:00:00Z"));
    }
}
