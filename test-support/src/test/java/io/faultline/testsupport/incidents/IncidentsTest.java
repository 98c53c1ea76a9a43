package io.faultline.testsupport.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IncidentsTest {

    private static final int EVENT_CAP = 60_000;
    private static Map<String, Incident> incidents;
    private static final IncidentNetwork NETWORK = Incidents.network();

    @BeforeAll
    static void generate() {
        incidents = new LinkedHashMap<>();
        for (Incident incident : Incidents.all()) {
            incidents.put(incident.name(), incident);
        }
    }

    @Test
    void catalogueHasTheEightIncidentsInOrder() {
        assertThat(Incidents.NAMES).containsExactly("orange-2012-signalling", "orange-2012-voicemail", "mail-outage",
                "o2-2018-data", "ordinary-day", "flapping-alarm", "out-of-order-complaints", "silent-data-failure");
        assertThat(incidents.keySet()).containsExactlyElementsOf(Incidents.NAMES);
        assertThatThrownBy(() -> Incidents.named("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generationIsDeterministic() {
        for (String name : Incidents.NAMES) {
            Incident again = Incidents.named(name);
            Incident first = incidents.get(name);
            assertThat(again.events()).as(name).isEqualTo(first.events());
            assertThat(again.topology()).as(name).isEqualTo(first.topology());
            assertThat(again.expected()).as(name).isEqualTo(first.expected());
            assertThat(again).as(name).isEqualTo(first);
        }
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        assertThat(ComplaintNoise.generate(NETWORK, from, from.plusSeconds(3600), 7, "x"))
                .isEqualTo(ComplaintNoise.generate(NETWORK, from, from.plusSeconds(3600), 7, "x"));
    }

    @Test
    void eventCountsStayUnderTheCap() {
        Map<String, String> report = new LinkedHashMap<>();
        for (Incident incident : incidents.values()) {
            assertThat(incident.events()).as(incident.name()).hasSizeLessThanOrEqualTo(EVENT_CAP).isNotEmpty();
            report.put(incident.name(), incident.events().size() + " events (" + incident.alarms().size()
                    + " alarms), " + Duration.between(incident.start(), incident.end()).toMinutes() + " min");
            if (!incident.name().equals("ordinary-day")) {
                assertThat(Duration.between(incident.start(), incident.end())).as(incident.name())
                        .isLessThanOrEqualTo(Duration.ofHours(7));
            }
        }
        report.forEach((name, line) -> System.out.println("incident " + name + ": " + line));
    }

    @Test
    void everyEventFitsTheNetworkAndTheSpan() {
        for (Incident incident : incidents.values()) {
            Map<String, NetworkElement> elements = incident.topology().stream()
                    .collect(Collectors.toMap(NetworkElement::elementId, Function.identity()));
            assertThat(incident.topology()).allSatisfy(element ->
                    assertThat(element.updatedAt()).isBefore(incident.start()));
            Set<String> complaintIds = new HashSet<>();
            for (FaultlineEvent event : incident.events()) {
                assertThat(event.occurredAt()).as(incident.name()).isAfterOrEqualTo(incident.start())
                        .isBefore(incident.end());
                switch (event) {
                    case NetworkAlarm alarm -> assertThat(elements).as(incident.name() + " alarm source")
                            .containsKey(alarm.sourceId());
                    case CustomerComplaint complaint -> {
                        assertThat(complaintIds.add(complaint.complaintId())).as("unique id").isTrue();
                        assertThat(NETWORK.homeRegion(complaint.subscriberId())).isEqualTo(complaint.region());
                        if (complaint.cellId() != null) {
                            assertThat(elements.get(complaint.cellId()).regions()).containsExactly(complaint.region());
                        }
                    }
                    default -> throw new AssertionError("unexpected event " + event);
                }
            }
            // background noise for every region and service
            Set<String> pairs = incident.complaints().stream().map(c -> c.region() + "|" + c.service())
                    .collect(Collectors.toSet());
            assertThat(pairs).as(incident.name()).hasSize(IncidentNetwork.REGIONS.size() * Service.values().length);
        }
    }

    @Test
    void onlyOutOfOrderComplaintsIsDeliveredOutOfOrder() {
        for (Incident incident : incidents.values()) {
            assertThat(incident.inDeliveryOrder()).isSameAs(incident.events());
            if (incident.name().equals("out-of-order-complaints")) {
                assertThat(incident.deliveredInEventTimeOrder()).isFalse();
                assertThat(incident.maxLateness()).isGreaterThan(Duration.ofMinutes(3))
                        .isLessThanOrEqualTo(Duration.ofMinutes(4));
                long inversions = 0;
                List<FaultlineEvent> events = incident.events();
                for (int i = 1; i < events.size(); i++) {
                    if (events.get(i).occurredAt().isBefore(events.get(i - 1).occurredAt())) {
                        inversions++;
                    }
                }
                assertThat(inversions).as("adjacent inversions").isGreaterThan(events.size() / 4);
                // the same events as in event-time order: nothing lost, nothing added
                assertThat(events.stream().sorted(Comparator.comparing(FaultlineEvent::occurredAt)).toList())
                        .containsExactlyInAnyOrderElementsOf(events);
                ExpectedOutage outage = incident.expected().getFirst();
                assertThat(incident.detectBy(outage)).isEqualTo(outage.detectBy().plus(incident.maxLateness()));
            } else {
                assertThat(incident.deliveredInEventTimeOrder()).as(incident.name()).isTrue();
                assertThat(incident.maxLateness()).isZero();
            }
        }
    }

    @Test
    void backgroundNoiseFollowsTheModel() {
        Incident day = incidents.get("ordinary-day");
        // whole day, per service over all regions, and per (region, service): Poisson within 4 sigma
        for (Service service : Service.values()) {
            double expected = 0;
            long measured = 0;
            for (String region : IncidentNetwork.REGIONS) {
                double e = ComplaintNoise.expectedComplainants(region, service, day.start(), day.end());
                long m = uniqueComplainants(day, c -> c.service() == service && c.region().equals(region),
                        day.start(), day.end());
                assertThat((double) m).as(region + " " + service).isCloseTo(e, within(4 * Math.sqrt(e) + 1));
                expected += e;
                measured += m;
            }
            assertThat((double) measured).as(service.toString()).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        }
        // diurnal shape: the evening hour is several times the night hour
        Instant night = Instant.parse("2019-03-12T02:00:00Z");
        Instant evening = Instant.parse("2019-03-12T19:00:00Z");
        long atNight = uniqueComplainants(day, c -> c.service() == Service.DATA, night, night.plusSeconds(3600));
        long atPeak = uniqueComplainants(day, c -> c.service() == Service.DATA, evening, evening.plusSeconds(3600));
        assertThat((double) atPeak / atNight).isBetween(2.8, 5.5);
        // every incident's lead-in matches the model too
        for (Incident incident : incidents.values()) {
            Instant firstOnset = incident.expected().stream().map(ExpectedOutage::onset).min(Comparator.naturalOrder())
                    .orElse(incident.end());
            double expected = 0;
            for (String region : IncidentNetwork.REGIONS) {
                for (Service service : Service.values()) {
                    expected += ComplaintNoise.expectedComplainants(region, service, incident.start(), firstOnset);
                }
            }
            long measured = uniqueComplainants(incident, c -> true, incident.start(), firstOnset);
            assertThat((double) measured).as(incident.name() + " lead-in")
                    .isCloseTo(expected, within(4 * Math.sqrt(expected)));
        }
    }

    @Test
    void aboutFivePercentOfComplainantsComplainTwiceWithinMinutes() {
        Incident day = incidents.get("ordinary-day");
        Map<String, List<CustomerComplaint>> byCustomerAndService = day.complaints().stream()
                .collect(Collectors.groupingBy(c -> c.subscriberId() + "|" + c.service()));
        long twice = byCustomerAndService.values().stream().filter(list -> list.size() == 2).count();
        assertThat(byCustomerAndService.values()).allSatisfy(list -> assertThat(list).hasSizeLessThanOrEqualTo(2));
        assertThat((double) twice / byCustomerAndService.size()).isBetween(0.04, 0.06);
        byCustomerAndService.values().stream().filter(list -> list.size() == 2).forEach(list -> {
            Duration gap = Duration.between(list.get(0).time(), list.get(1).time()).abs();
            assertThat(gap).isBetween(Duration.ofMinutes(1), ComplaintNoise.REPEAT_WITHIN);
            assertThat(list.get(1).complaintId()).isNotEqualTo(list.get(0).complaintId());
        });
        assertThat(day.complaints().stream().map(CustomerComplaint::channel).distinct().count()).isEqualTo(4);
    }

    @Test
    void complaintRatesDuringIncidentsAreTheStatedMultipleOfTheNoise() {
        Incident day = incidents.get("ordinary-day");
        Map<String, Double> expectedMultiples = Map.of(
                "orange-2012-signalling", 10.0, "orange-2012-voicemail", 20.0, "mail-outage", 10.0,
                "o2-2018-data", 8.0, "out-of-order-complaints", 6.0, "silent-data-failure", 5.0);
        for (Incident incident : incidents.values()) {
            if (expectedMultiples.containsKey(incident.name())) {
                assertThat(incident.surges()).as(incident.name()).isNotEmpty()
                        .allSatisfy(surge -> assertThat(surge.multiple())
                                .isEqualTo(expectedMultiples.get(incident.name())));
            } else {
                assertThat(incident.surges()).as(incident.name()).isEmpty();
            }
            for (Surge surge : incident.surges()) {
                Predicate<CustomerComplaint> population = c -> c.service() == surge.service()
                        && surge.regions().contains(c.region())
                        && (surge.platform() == null || NETWORK.voicemailPlatform(c.subscriberId())
                                .equals(surge.platform()));
                long measured = uniqueComplainants(incident, population, surge.from(), surge.to());
                double modelNoise = surge.regions().stream().mapToDouble(r -> surge.expectedNoise(NETWORK, r)).sum();
                double ratio = measured / modelNoise;
                System.out.printf("incident %s: %s %s%s surge %.0fx -> %d distinct complainants, noise %.1f, "
                                + "measured %.2fx%n", incident.name(), surge.service(), surge.regions().size() == 10
                                ? "all regions" : surge.regions(), surge.platform() == null ? "" : " on "
                                + surge.platform(), surge.multiple(), measured, modelNoise, ratio);
                // Poisson: within 4 standard deviations of the expected count (about 4% for thousands of
                // complainants, 30% for the ~190 VM-3 complainants)
                double expectedCount = surge.multiple() * modelNoise;
                assertThat((double) measured).as(incident.name() + " " + surge.service() + " vs model noise")
                        .isCloseTo(expectedCount, within(4 * Math.sqrt(expectedCount)));
                // and against the noise measured on the ordinary day at the same clock time (same diurnal model)
                long baseline = uniqueComplainants(day, c -> population.test(c)
                        && clockWithin(c.time(), surge.from(), surge.to()), day.start(), day.end());
                if (baseline >= 50) {
                    assertThat((double) measured / baseline).as(incident.name() + " " + surge.service()
                            + " vs measured noise").isCloseTo(surge.multiple(), within(surge.multiple() * 0.3));
                }
                // outside the surge the same population is back at noise level
                Instant after = surge.to();
                Instant afterEnd = after.plus(Duration.ofMinutes(30));
                double noiseAfter = surge.regions().stream().mapToDouble(r -> (surge.platform() == null ? 1.0
                        : (double) NETWORK.subscribersIn(r, surge.platform()) / NETWORK.subscribersIn(r))
                        * ComplaintNoise.expectedComplainants(r, surge.service(), after, afterEnd)).sum();
                long measuredAfter = uniqueComplainantsFresh(incident, population, after, afterEnd);
                assertThat((double) measuredAfter).as(incident.name() + " after the surge")
                        .isLessThan(noiseAfter + 4 * Math.sqrt(noiseAfter) + 3);
            }
        }
    }

    @Test
    void voicemailComplaintsDuringTheVoicemailOutageComeFromVm3AndAreModestPerRegion() {
        Incident incident = incidents.get("orange-2012-voicemail");
        Surge surge = incident.surges().getFirst();
        List<CustomerComplaint> during = incident.complaints().stream()
                .filter(c -> c.service() == Service.VOICEMAIL && inWindow(c.time(), surge.from(), surge.to())).toList();
        long onVm3 = during.stream().filter(c -> NETWORK.voicemailPlatform(c.subscriberId()).equals("VM-3")).count();
        assertThat((double) onVm3 / during.size()).as("share of VM-3 complaints").isBetween(0.25, 0.5);
        for (String region : IncidentNetwork.REGIONS) {
            long all = uniqueComplainants(incident, c -> c.service() == Service.VOICEMAIL && c.region().equals(region),
                    surge.from(), surge.to());
            double noise = ComplaintNoise.expectedComplainants(region, Service.VOICEMAIL, surge.from(), surge.to());
            assertThat(all / noise).as(region).isBetween(1.0, 2.6);
        }
        // no other service surges
        for (Service service : EnumSet.complementOf(EnumSet.of(Service.VOICEMAIL))) {
            double noise = IncidentNetwork.REGIONS.stream().mapToDouble(r ->
                    ComplaintNoise.expectedComplainants(r, service, surge.from(), surge.to())).sum();
            long measured = uniqueComplainants(incident, c -> c.service() == service, surge.from(), surge.to());
            assertThat((double) measured).as(service.toString()).isCloseTo(noise, within(4 * Math.sqrt(noise)));
        }
    }

    @Test
    void expectationsAreWellFormed() {
        for (Incident incident : incidents.values()) {
            Map<String, NetworkElement> elements = incident.topology().stream()
                    .collect(Collectors.toMap(NetworkElement::elementId, Function.identity()));
            List<NetworkAlarm> serviceAffecting = incident.alarms().stream()
                    .filter(a -> a.severity().isServiceAffecting()).toList();
            assertThat(incident.maxOutages()).isEqualTo(incident.expected().size());
            for (ExpectedOutage outage : incident.expected()) {
                String label = incident.name() + " " + outage.services();
                assertThat(outage.onset()).as(label).isAfter(incident.start()).isBefore(incident.end());
                assertThat(outage.notResolvedBefore()).as(label).isAfter(outage.onset());
                assertThat(outage.resolvedBy()).as(label).isNotNull();
                assertThat(incident.end()).as(label + ": span covers resolvedBy")
                        .isAfterOrEqualTo(outage.resolvedBy().plus(Duration.ofMinutes(30)));
                assertThat(IncidentNetwork.REGIONS).containsAll(outage.regions());
                assertThat(elements.keySet()).as(label).containsAll(outage.elements());
                assertThat(outage.detectBy()).isEqualTo(outage.onset().plus(outage.alarmEvident()
                        ? Duration.ofSeconds(60) : Duration.ofMinutes(3)));
                if (outage.alarmEvident()) {
                    // a service-affecting alarm at onset on an expected element carrying the expected services
                    assertThat(serviceAffecting).as(label).anySatisfy(alarm -> {
                        assertThat(alarm.eventTime()).isEqualTo(outage.onset());
                        assertThat(outage.elements()).contains(alarm.sourceId());
                        NetworkElement source = elements.get(alarm.sourceId());
                        assertThat(source.services()).containsAll(outage.services());
                        assertThat(source.regions()).containsAll(outage.regions());
                        if (outage.regions().isEmpty()) {
                            assertThat(source.type().isPlatform()).isTrue();
                        }
                    });
                    // the scope an alarm-driven detector derives from the element covers the expectation
                    NetworkElement source = elements.get(outage.elements().iterator().next());
                    assertThat(outage.coveredBy(source.services(), source.regions(), Set.of(source.elementId())))
                            .as(label).isTrue();
                } else {
                    assertThat(outage.elements()).as(label).isEmpty();
                    assertThat(outage.regions()).as(label).isNotEmpty();
                    assertThat(incident.surges()).as(label).anySatisfy(surge -> {
                        assertThat(surge.from()).isEqualTo(outage.onset());
                        assertThat(surge.regions()).containsAll(outage.regions());
                        assertThat(outage.services()).containsExactly(surge.service());
                    });
                }
            }
            boolean complaintOnly = incident.expected().stream().noneMatch(ExpectedOutage::alarmEvident);
            if (complaintOnly) {
                assertThat(serviceAffecting).as(incident.name() + ": silent").isEmpty();
            }
        }
        assertThat(incidents.get("ordinary-day").expected()).isEmpty();
        assertThat(incidents.get("ordinary-day").alarms()).isNotEmpty()
                .noneMatch(alarm -> alarm.severity().isServiceAffecting());
    }

    @Test
    void orangeSignallingCanBePassedByTwoOutagesOrOneMergedOutage() {
        Incident incident = incidents.get("orange-2012-signalling");
        ExpectedOutage voiceSms = incident.expected().get(0);
        ExpectedOutage data = incident.expected().get(1);
        Set<String> all = Set.copyOf(IncidentNetwork.REGIONS);
        Set<Service> merged = EnumSet.of(Service.VOICE, Service.SMS, Service.DATA);
        assertThat(voiceSms.coveredBy(merged, all, Set.of("CORE-SIG-1", "SMSC-1", "SGSN-MME-1"))).isTrue();
        assertThat(data.coveredBy(merged, all, Set.of("CORE-SIG-1", "SMSC-1", "SGSN-MME-1"))).isTrue();
        assertThat(voiceSms.coveredBy(EnumSet.of(Service.SMS), all, Set.of("SMSC-1"))).as("child alone").isFalse();
        assertThat(data.onset()).isEqualTo(voiceSms.onset().plus(Duration.ofMinutes(90)));
        assertThat(incident.maxOutages()).isEqualTo(2);
    }

    @Test
    void o2AlarmClearsTwoHoursBeforeComplaintsSubside() {
        Incident incident = incidents.get("o2-2018-data");
        ExpectedOutage outage = incident.expected().getFirst();
        List<NetworkAlarm> alarms = incident.alarms();
        assertThat(alarms).extracting(NetworkAlarm::severity)
                .containsExactly(AlarmSeverity.CRITICAL, AlarmSeverity.CLEARED);
        Instant clear = alarms.get(1).eventTime();
        Surge surge = incident.surges().getFirst();
        assertThat(Duration.between(outage.onset(), clear)).isEqualTo(Duration.ofHours(2));
        assertThat(Duration.between(clear, surge.to())).isEqualTo(Duration.ofHours(2));
        assertThat(outage.notResolvedBefore()).isEqualTo(surge.to().minus(Duration.ofMinutes(10)));
        assertThat(outage.resolvedBy()).isEqualTo(surge.to().plus(Duration.ofMinutes(30)));
    }

    @Test
    void flappingAlarmRaisesAndClearsTenTimesInFiveMinutesThenStays() {
        Incident incident = incidents.get("flapping-alarm");
        ExpectedOutage outage = incident.expected().getFirst();
        List<NetworkAlarm> alarms = incident.alarms();
        assertThat(alarms).hasSize(22).allSatisfy(alarm -> assertThat(alarm.sourceId()).isEqualTo("SITE-MIDLANDS-2-B"));
        for (int i = 0; i < alarms.size(); i++) {
            assertThat(alarms.get(i).severity()).isEqualTo(i % 2 == 0 ? AlarmSeverity.MAJOR : AlarmSeverity.CLEARED);
        }
        Instant fiveMinutes = outage.onset().plus(Duration.ofMinutes(5));
        assertThat(alarms.subList(0, 20)).allSatisfy(alarm -> assertThat(alarm.eventTime()).isBefore(fiveMinutes));
        assertThat(Duration.between(alarms.get(20).eventTime(), alarms.get(21).eventTime()))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(outage.notResolvedBefore()).isEqualTo(alarms.get(21).eventTime());
        assertThat(incident.maxOutages()).isEqualTo(1);
    }

    @Test
    void shiftedToMovesEverythingByTheSameOffset() {
        Incident incident = incidents.get("out-of-order-complaints");
        Instant newEnd = Instant.parse("2030-01-01T00:00:00Z");
        Incident shifted = incident.shiftedTo(newEnd);
        Duration offset = Duration.between(incident.end(), newEnd);
        assertThat(shifted.end()).isEqualTo(newEnd);
        assertThat(shifted.start()).isEqualTo(incident.start().plus(offset));
        assertThat(shifted.events()).hasSameSizeAs(incident.events());
        for (int i = 0; i < incident.events().size(); i++) {
            FaultlineEvent before = incident.events().get(i);
            FaultlineEvent after = shifted.events().get(i);
            assertThat(after.subject()).isEqualTo(before.subject());
            assertThat(after.occurredAt()).isEqualTo(before.occurredAt().plus(offset));
        }
        assertThat(shifted.maxLateness()).isEqualTo(incident.maxLateness());
        assertThat(shifted.expected().getFirst()).isEqualTo(incident.expected().getFirst().shifted(offset));
        assertThat(shifted.expected().getFirst().onset()).isEqualTo(incident.expected().getFirst().onset().plus(offset));
        assertThat(shifted.topology()).allSatisfy(e -> assertThat(e.updatedAt()).isBefore(shifted.start()));
        assertThat(shifted.surges().getFirst().from()).isEqualTo(incident.surges().getFirst().from().plus(offset));
        assertThat(shifted.shiftedTo(incident.end())).isEqualTo(incident);
    }

    @Test
    void networkMatchesTheSandboxLayout() {
        IncidentNetwork network = Incidents.network();
        assertThat(network.subscriberCount()).isEqualTo(1_000_000);
        List<NetworkElement> topology = network.topology();
        assertThat(topology).hasSize(9 + 10 * 12);
        assertThat(topology).extracting(NetworkElement::elementId).contains("CORE-SIG-1", "SGSN-MME-1", "PGW-NORTH",
                "PGW-SOUTH", "SMSC-1", "VM-1", "VM-2", "VM-3", "MAIL-1", "SITE-LONDON-1", "SITE-LONDON-1-A",
                "SITE-NORTHERN-IRELAND-3-C");
        assertThat(network.element("SMSC-1").parentId()).isEqualTo("CORE-SIG-1");
        assertThat(network.element("SITE-SCOTLAND-2").parentId()).isEqualTo("PGW-NORTH");
        assertThat(network.element("SITE-WALES-2-B").parentId()).isEqualTo("SITE-WALES-2");
        assertThat(IncidentNetwork.REGIONS.stream().mapToInt(network::subscribersIn).sum()).isEqualTo(1_000_000);
        assertThat(network.subscribersOn("VM-3")).isEqualTo(30_000);
        assertThat(network.subscribersOn("VM-1") + network.subscribersOn("VM-2") + network.subscribersOn("VM-3"))
                .isEqualTo(1_000_000);
        for (String region : IncidentNetwork.REGIONS) {
            double share = network.subscribersIn(region) / 1_000_000.0;
            assertThat(share).as(region).isCloseTo(IncidentNetwork.REGION_WEIGHTS.get(region), within(0.003));
            assertThat((double) network.subscribersIn(region, "VM-3") / network.subscribersIn(region))
                    .as(region).isCloseTo(0.03, within(0.005));
        }
        assertThat(IncidentNetwork.REGION_WEIGHTS.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            String id = network.randomSubscriberIn("wales", random);
            assertThat(id).matches("SUB-\\d{8}");
            assertThat(network.homeRegion(id)).isEqualTo("wales");
            String vm3 = network.randomSubscriberIn("scotland", "VM-3", random);
            assertThat(network.homeRegion(vm3)).isEqualTo("scotland");
            assertThat(network.voicemailPlatform(vm3)).isEqualTo("VM-3");
            assertThat(network.platformsOf(network.randomSubscriberOn("VM-2", random))).containsExactlyInAnyOrder(
                    "VM-2", "MAIL-1");
        }
        assertThat(new IncidentNetwork(1_000_000, 42).homeRegion(123_456)).isEqualTo(network.homeRegion(123_456));
        assertThat(IncidentNetwork.subscriberIndex(IncidentNetwork.subscriberId(42))).isEqualTo(42);
    }

    @Test
    void noiseRatesHaveTheStatedDiurnalShape() {
        // an average region has weight 0.1: north-west 0.12, so divide by 1.2
        Instant night = Instant.parse("2019-03-12T03:00:00Z");
        Instant peak = Instant.parse("2019-03-12T19:30:00Z");
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.DATA, night) / 1.2).isCloseTo(0.3, within(1e-9));
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.DATA, peak) / 1.2).isCloseTo(1.2, within(1e-9));
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.VOICE, peak) / 1.2).isCloseTo(1.2, within(1e-9));
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.SMS, peak) / 1.2).isCloseTo(0.4, within(1e-9));
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.VOICEMAIL, night) / 1.2)
                .isCloseTo(0.05, within(1e-9));
        assertThat(ComplaintNoise.ratePerMinute("north-west", Service.MAIL, Instant.parse("2019-03-12T10:30:00Z"))
                / 1.2).isCloseTo(0.2, within(1e-9));
        for (Service service : Service.values()) {
            for (int minute = 0; minute < 24 * 60; minute += 7) {
                double rate = ComplaintNoise.ratePerMinute("london", service, night.plusSeconds(60L * minute));
                assertThat(rate / 1.6).isBetween(ComplaintNoise.nightPerMinute(service) - 1e-9,
                        ComplaintNoise.peakPerMinute(service) + 1e-9);
            }
        }
        double hour = ComplaintNoise.expectedComplainants("london", Service.DATA, night, night.plusSeconds(3600));
        assertThat(hour).isCloseTo(60 * 0.3 * 1.6, within(0.5));
    }

    private static long uniqueComplainants(Incident incident, Predicate<CustomerComplaint> filter, Instant from,
                                           Instant to) {
        return incident.complaints().stream()
                .filter(c -> filter.test(c) && inWindow(c.time(), from, to))
                .map(c -> c.subscriberId() + "|" + c.service())
                .distinct().count();
    }

    /** Complainants in [from, to) who had not complained about that service before from (repeats excluded). */
    private static long uniqueComplainantsFresh(Incident incident, Predicate<CustomerComplaint> filter, Instant from,
                                                Instant to) {
        Map<String, Instant> first = new HashMap<>();
        for (CustomerComplaint c : incident.complaints()) {
            if (filter.test(c)) {
                first.merge(c.subscriberId() + "|" + c.service(), c.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first.values().stream().filter(t -> inWindow(t, from, to)).count();
    }

    private static boolean inWindow(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static boolean clockWithin(Instant at, Instant from, Instant to) {
        LocalTime t = at.atOffset(ZoneOffset.UTC).toLocalTime();
        LocalTime a = from.atOffset(ZoneOffset.UTC).toLocalTime();
        LocalTime b = to.atOffset(ZoneOffset.UTC).toLocalTime();
        return !t.isBefore(a) && t.isBefore(b);
    }
}
