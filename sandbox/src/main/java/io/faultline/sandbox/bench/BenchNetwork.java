package io.faultline.sandbox.bench;

import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.Service;
import io.faultline.testsupport.incidents.ComplaintNoise;
import io.faultline.testsupport.incidents.IncidentNetwork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The operator the detector benchmark loads: the shared synthetic network of the incident library (ten regions,
 * the sandbox's element ids, 1,000,000 notional subscribers, {@link ComplaintNoise} as background complaint rates)
 * plus elements and regions of the benchmark's own, so that every probe it injects lands on a key nothing else
 * touches:
 * <ul>
 *   <li>{@code bench-region-NN}: one per complaint-surge probe, served by one site {@code BENCH-SITE-NN}; its
 *       complaint noise is that of a small region (1% of the lines), so it has a quiet history;</li>
 *   <li>{@code bench-probe-NN}: one per alarm probe, served by one cell {@code BENCH-CELL-NN} and nothing else, no
 *       complaints at all.</li>
 * </ul>
 */
final class BenchNetwork {

    /** Services every benchmark element carries; surge probes rotate over them. */
    static final List<Service> RADIO_SERVICES = List.of(Service.VOICE, Service.SMS, Service.DATA);

    /** Share of the lines that a benchmark surge region holds, for its background complaint noise. */
    static final double SURGE_REGION_WEIGHT = 0.01;

    private static final String REFERENCE_REGION = IncidentNetwork.REGIONS.getFirst();
    private static final int BENCH_ELEMENT_SUBSCRIBERS = 10_000;

    private final IncidentNetwork network = IncidentNetwork.standard();
    private final int surgeRegions;
    private final int alarmProbes;

    /**
     * @param surgeRegions number of {@code bench-region-NN} (one per complaint-surge probe)
     * @param alarmProbes  number of {@code BENCH-CELL-NN} (one per alarm probe)
     */
    BenchNetwork(int surgeRegions, int alarmProbes) {
        this.surgeRegions = surgeRegions;
        this.alarmProbes = alarmProbes;
    }

    IncidentNetwork incidentNetwork() {
        return network;
    }

    /** The ten regions of the operator. */
    List<String> operatorRegions() {
        return IncidentNetwork.REGIONS;
    }

    static String surgeRegion(int index) {
        return String.format("bench-region-%02d", index + 1);
    }

    static String surgeSite(int index) {
        return String.format("BENCH-SITE-%02d", index + 1);
    }

    static String probeRegion(int index) {
        return String.format("bench-probe-%02d", index + 1);
    }

    static String probeCell(int index) {
        return String.format("BENCH-CELL-%02d", index + 1);
    }

    List<String> surgeRegions() {
        List<String> regions = new ArrayList<>();
        for (int i = 0; i < surgeRegions; i++) {
            regions.add(surgeRegion(i));
        }
        return regions;
    }

    /** The operator's inventory plus the benchmark's sites and cells, stamped {@code updatedAt}. */
    List<NetworkElement> topology(Instant updatedAt) {
        List<NetworkElement> elements = new ArrayList<>(network.topology(updatedAt));
        Set<Service> radio = EnumSet.copyOf(RADIO_SERVICES);
        for (int i = 0; i < surgeRegions; i++) {
            elements.add(new NetworkElement(surgeSite(i), ElementType.SITE, null, List.of(surgeRegion(i)), radio,
                    BENCH_ELEMENT_SUBSCRIBERS, updatedAt));
        }
        for (int i = 0; i < alarmProbes; i++) {
            elements.add(new NetworkElement(probeCell(i), ElementType.CELL, null, List.of(probeRegion(i)), radio,
                    BENCH_ELEMENT_SUBSCRIBERS, updatedAt));
        }
        return elements;
    }

    /** Cells and sites of the operator: where background alarms are raised. */
    List<String> alarmElements() {
        List<String> elements = new ArrayList<>();
        for (String region : IncidentNetwork.REGIONS) {
            for (int site = 1; site <= 3; site++) {
                elements.add(IncidentNetwork.siteId(region, site));
            }
            elements.addAll(network.cellsIn(region));
        }
        return elements;
    }

    /**
     * Expected distinct complaining customers per minute about {@code service} in {@code region} at {@code at}:
     * the library's noise model for the operator's regions, a small region's for the benchmark's.
     */
    double noisePerMinute(String region, Service service, Instant at) {
        if (IncidentNetwork.REGION_WEIGHTS.containsKey(region)) {
            return ComplaintNoise.ratePerMinute(region, service, at);
        }
        return ComplaintNoise.ratePerMinute(REFERENCE_REGION, service, at) * SURGE_REGION_WEIGHT
                / IncidentNetwork.REGION_WEIGHTS.get(REFERENCE_REGION);
    }

    /** Every region that has complaint noise: the operator's and the surge probes'. */
    List<String> noisyRegions() {
        List<String> regions = new ArrayList<>(IncidentNetwork.REGIONS);
        regions.addAll(surgeRegions());
        return regions;
    }
}
