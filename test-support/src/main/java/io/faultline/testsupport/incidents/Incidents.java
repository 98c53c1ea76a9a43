package io.faultline.testsupport.incidents;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The library of replayable incidents, modelled on the real outages of the design document, plus the cases that
 * trip detectors up (an ordinary day, a flapping alarm, late complaints, a silent failure at exactly 5x).
 *
 * <p>Every incident runs on {@link #network()}, carries {@link ComplaintNoise background noise} for every region
 * and service over its whole span, lasts a few hours (the ordinary day: 24 h) and holds at most about 60,000
 * events, so a {@code TopologyTestDriver} run takes seconds. Generation is deterministic (a fixed seed per
 * incident) and takes well under a second; each call builds a fresh {@link Incident}, cache it if you replay it
 * many times. How to judge a detector's output is described on {@link Incident}.
 *
 * <table>
 *   <caption>incidents</caption>
 *   <tr><th>name</th><th>what happens</th><th>expected</th></tr>
 *   <tr><td>{@code orange-2012-signalling}</td><td>CRITICAL on CORE-SIG-1 (and MAJOR on its child SMSC-1 45 s
 *       later), VOICE and SMS complaints at 10x in every region for 2.5 h; 90 min after onset CRITICAL on
 *       SGSN-MME-1 and DATA complaints at 10x for 1.5 h</td><td>{VOICE, SMS} and {DATA}, all regions, alarm
 *       evident; one merged outage covering both also passes</td></tr>
 *   <tr><td>{@code orange-2012-voicemail}</td><td>CRITICAL on VM-3 for 4 h; VM-3 subscribers complain about
 *       VOICEMAIL at 20x their noise rate (+0.6x on a region's voicemail complaints)</td><td>{VOICEMAIL},
 *       element VM-3, no region required</td></tr>
 *   <tr><td>{@code mail-outage}</td><td>CRITICAL on MAIL-1 for 3 h; MAIL complaints at 10x in every
 *       region</td><td>{MAIL}, element MAIL-1</td></tr>
 *   <tr><td>{@code o2-2018-data}</td><td>CRITICAL on SGSN-MME-1 (expired certificate), DATA complaints at 8x in
 *       every region; the alarm clears after 2 h, complaints stay at 8x for 2 h more</td><td>{DATA}, all regions,
 *       not resolved before complaints subside (less 10 min), resolved within 30 min after</td></tr>
 *   <tr><td>{@code ordinary-day}</td><td>24 h of noise, a WARNING and a MINOR alarm</td><td>no outage</td></tr>
 *   <tr><td>{@code flapping-alarm}</td><td>MAJOR on cell SITE-MIDLANDS-2-B raised and cleared 10 times in
 *       5 min, then raised for 30 min</td><td>exactly one outage with that cell, detected within 60 s of the
 *       first raise, resolved once after the final clear</td></tr>
 *   <tr><td>{@code out-of-order-complaints}</td><td>silent DATA failure in north-west, complaints at 6x for
 *       45 min, every complaint delivered 0-4 min late (events in delivery order)</td><td>{DATA} in north-west,
 *       complaint-only</td></tr>
 *   <tr><td>{@code silent-data-failure}</td><td>silent DATA failure in midlands and yorkshire, complaints at 5x
 *       for 45 min, in order</td><td>{DATA} in each of the two regions (one outage each, or one for
 *       both)</td></tr>
 * </table>
 */
public final class Incidents {

    /** Incident names, in catalogue order. */
    public static final List<String> NAMES = List.of("orange-2012-signalling", "orange-2012-voicemail", "mail-outage",
            "o2-2018-data", "ordinary-day", "flapping-alarm", "out-of-order-complaints", "silent-data-failure");

    /** Delay after the end of an incident's last failure for which noise goes on: stream time passes resolvedBy. */
    static final Duration TAIL = Duration.ofHours(1);

    /** Noise before onset. */
    static final Duration LEAD_IN = Duration.ofHours(1);

    /** Detector slack to resolve once the evidence is gone. */
    static final Duration RESOLVE_WITHIN = Duration.ofMinutes(30);

    /** Complaints may subside over a few minutes: not resolved before they return to baseline less this. */
    static final Duration SUBSIDE_TOLERANCE = Duration.ofMinutes(10);

    /** Most delay of a complaint in {@code out-of-order-complaints}. */
    static final Duration MAX_DELIVERY_DELAY = Duration.ofMinutes(4);

    private static final Set<String> ALL_REGIONS = Set.copyOf(IncidentNetwork.REGIONS);

    private Incidents() {
    }

    /** The shared network every incident runs on. */
    public static IncidentNetwork network() {
        return IncidentNetwork.standard();
    }

    /** All incidents, in {@link #NAMES} order. */
    public static List<Incident> all() {
        return NAMES.stream().map(Incidents::named).toList();
    }

    /** The incident of that name; a fresh, identical instance on every call. */
    public static Incident named(String name) {
        return switch (name) {
            case "orange-2012-signalling" -> orangeSignalling2012();
            case "orange-2012-voicemail" -> orangeVoicemail2012();
            case "mail-outage" -> mailOutage();
            case "o2-2018-data" -> o2Data2018();
            case "ordinary-day" -> ordinaryDay();
            case "flapping-alarm" -> flappingAlarm();
            case "out-of-order-complaints" -> outOfOrderComplaints();
            case "silent-data-failure" -> silentDataFailure();
            default -> throw new IllegalArgumentException("unknown incident '" + name + "'; known: " + NAMES);
        };
    }

    private static ScenarioBuilder builder(String name, Instant start, Instant end) {
        long seed = IncidentNetwork.SEED * 1_000_003L + name.hashCode();
        return new ScenarioBuilder(network(), name, seed, start, end).noise();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Incident orangeSignalling2012() {
        String name = "orange-2012-signalling";
        Instant onset = at("2012-07-06T14:30:00Z");
        Instant dataOnset = onset.plus(Duration.ofMinutes(90));
        Instant voiceClear = onset.plus(Duration.ofMinutes(150));
        Instant dataClear = dataOnset.plus(Duration.ofMinutes(90));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), dataClear.plus(TAIL))
                .alarm("ALM-CORE-SIG-1-HLR", "CORE-SIG-1", AlarmSeverity.CRITICAL, onset, "softwareError",
                        "signalling software fault: location updates and call set-up failing")
                .alarm("ALM-SMSC-1-SS7", "SMSC-1", AlarmSeverity.MAJOR, onset.plusSeconds(45), "linkFailure",
                        "SS7 link set to the signalling core unavailable")
                .surge(new Surge(Service.VOICE, ALL_REGIONS, null, 10, onset, voiceClear))
                .surge(new Surge(Service.SMS, ALL_REGIONS, null, 10, onset, voiceClear))
                .alarm("ALM-SGSN-MME-1-ATTACH", "SGSN-MME-1", AlarmSeverity.CRITICAL, dataOnset, "congestion",
                        "attach storm: authentication towards the HLR timing out")
                .surge(new Surge(Service.DATA, ALL_REGIONS, null, 10, dataOnset, dataClear))
                .alarm("ALM-CORE-SIG-1-HLR", "CORE-SIG-1", AlarmSeverity.CLEARED, voiceClear, "softwareError",
                        "software rolled back")
                .alarm("ALM-SMSC-1-SS7", "SMSC-1", AlarmSeverity.CLEARED, voiceClear.plusSeconds(30), "linkFailure",
                        "SS7 link set available")
                .alarm("ALM-SGSN-MME-1-ATTACH", "SGSN-MME-1", AlarmSeverity.CLEARED, dataClear, "congestion",
                        "attach rate back to normal");
        return b.build(name, """
                Orange France, 6 July 2012: a core signalling software fault takes calls and SMS down nationwide \
                (CRITICAL on CORE-SIG-1, MAJOR on its child SMSC-1 45 s later: no separate outage for the child), \
                VOICE and SMS complaints at 10x in every region for 2.5 h; 90 min after onset mobile data fails too \
                (CRITICAL on SGSN-MME-1, DATA complaints at 10x for 1.5 h). Either two outages or one merged \
                outage covering VOICE, SMS and DATA pass. MVNO brands are not modelled.""",
                List.of(new ExpectedOutage(Set.of(Service.VOICE, Service.SMS), ALL_REGIONS, Set.of("CORE-SIG-1"),
                                onset, true, voiceClear, voiceClear.plus(RESOLVE_WITHIN)),
                        new ExpectedOutage(Set.of(Service.DATA), ALL_REGIONS, Set.of("SGSN-MME-1"), dataOnset, true,
                                dataClear, dataClear.plus(RESOLVE_WITHIN))));
    }

    private static Incident orangeVoicemail2012() {
        String name = "orange-2012-voicemail";
        Instant onset = at("2012-09-18T08:00:00Z");
        Instant clear = onset.plus(Duration.ofHours(4));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), clear.plus(TAIL))
                .alarm("ALM-VM-3-STORE", "VM-3", AlarmSeverity.CRITICAL, onset, "storageCapacityProblem",
                        "voicemail platform unavailable: message store not responding")
                .surge(new Surge(Service.VOICEMAIL, ALL_REGIONS, "VM-3", 20, onset, clear))
                .alarm("ALM-VM-3-STORE", "VM-3", AlarmSeverity.CLEARED, clear, "storageCapacityProblem",
                        "message store restored");
        return b.build(name, """
                Orange France, September 2012: the VM-3 voicemail platform (3% of lines) is down for 4 h. Only \
                VM-3 subscribers complain, about VOICEMAIL, at 20x their noise rate: modest in any one region \
                (+60% on its voicemail complaints). The outage is scoped to the platform, not to regions.""",
                List.of(new ExpectedOutage(Set.of(Service.VOICEMAIL), Set.of(), Set.of("VM-3"), onset, true, clear,
                        clear.plus(RESOLVE_WITHIN))));
    }

    private static Incident mailOutage() {
        String name = "mail-outage";
        Instant onset = at("2013-03-11T07:00:00Z");
        Instant clear = onset.plus(Duration.ofHours(3));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), clear.plus(TAIL))
                .alarm("ALM-MAIL-1-IMAP", "MAIL-1", AlarmSeverity.CRITICAL, onset, "applicationSubsystemFailure",
                        "mailbox store unavailable: IMAP and webmail logins failing")
                .surge(new Surge(Service.MAIL, ALL_REGIONS, null, 10, onset, clear))
                .alarm("ALM-MAIL-1-IMAP", "MAIL-1", AlarmSeverity.CLEARED, clear, "applicationSubsystemFailure",
                        "mailbox store restored");
        return b.build(name, """
                Orange mail outage: MAIL-1 down nationwide for 3 h, MAIL complaints at 10x in every region. A \
                platform outage: notices must not go by email.""",
                List.of(new ExpectedOutage(Set.of(Service.MAIL), Set.of(), Set.of("MAIL-1"), onset, true, clear,
                        clear.plus(RESOLVE_WITHIN))));
    }

    private static Incident o2Data2018() {
        String name = "o2-2018-data";
        Instant onset = at("2018-12-06T05:30:00Z");
        Instant alarmClear = onset.plus(Duration.ofHours(2));
        Instant subsided = onset.plus(Duration.ofHours(4));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), subsided.plus(TAIL))
                .alarm("ALM-SGSN-MME-1-CERT", "SGSN-MME-1", AlarmSeverity.CRITICAL, onset, "softwareError",
                        "certificate expired in vendor software")
                .surge(new Surge(Service.DATA, ALL_REGIONS, null, 8, onset, subsided))
                .alarm("ALM-SGSN-MME-1-CERT", "SGSN-MME-1", AlarmSeverity.CLEARED, alarmClear, "softwareError",
                        "certificate renewed");
        return b.build(name, """
                O2 UK, 6 December 2018: an expired certificate in SGSN-MME software takes mobile data down \
                nationwide (CRITICAL on SGSN-MME-1), DATA complaints at 8x in every region. The alarm clears after \
                2 h but customers still cannot use data: complaints stay at 8x for 2 h more. The outage must stay \
                open while complaints are high, and close once they subside.""",
                List.of(new ExpectedOutage(Set.of(Service.DATA), ALL_REGIONS, Set.of("SGSN-MME-1"), onset, true,
                        subsided.minus(SUBSIDE_TOLERANCE), subsided.plus(RESOLVE_WITHIN))));
    }

    private static Incident ordinaryDay() {
        String name = "ordinary-day";
        Instant start = at("2019-03-12T00:00:00Z");
        ScenarioBuilder b = builder(name, start, start.plus(Duration.ofDays(1)))
                .alarm("ALM-PGW-NORTH-CPU", "PGW-NORTH", AlarmSeverity.WARNING, at("2019-03-12T10:12:00Z"),
                        "thresholdCrossed", "CPU load above 80%")
                .alarm("ALM-PGW-NORTH-CPU", "PGW-NORTH", AlarmSeverity.CLEARED, at("2019-03-12T10:41:00Z"),
                        "thresholdCrossed", "CPU load normal")
                .alarm("ALM-SITE-WALES-1-FAN", "SITE-WALES-1", AlarmSeverity.MINOR, at("2019-03-12T14:05:00Z"),
                        "coolingFanFailure", "fan 2 failed, redundancy lost")
                .alarm("ALM-SITE-WALES-1-FAN", "SITE-WALES-1", AlarmSeverity.CLEARED, at("2019-03-12T16:30:00Z"),
                        "coolingFanFailure", "fan replaced");
        return b.build(name, """
                An ordinary Tuesday: 24 h of diurnal complaint noise in every region and service, a WARNING on \
                PGW-NORTH and a MINOR on SITE-WALES-1, neither service-affecting. No outage at all.""",
                List.of());
    }

    private static Incident flappingAlarm() {
        String name = "flapping-alarm";
        String cell = IncidentNetwork.siteId("midlands", 2) + "-B";
        Instant onset = at("2019-05-14T20:00:00Z");
        Instant sustained = onset.plus(Duration.ofMinutes(5));
        Instant clear = sustained.plus(Duration.ofMinutes(30));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), clear.plus(TAIL));
        for (int k = 0; k < 10; k++) {
            Instant raised = onset.plusSeconds(30L * k);
            b.alarm("ALM-" + cell + "-TX", cell, AlarmSeverity.MAJOR, raised, "transmitterFailure",
                    "transmitter output below threshold");
            b.alarm("ALM-" + cell + "-TX", cell, AlarmSeverity.CLEARED, raised.plusSeconds(8 + (7L * k) % 13),
                    "transmitterFailure", "transmitter output normal");
        }
        b.alarm("ALM-" + cell + "-TX", cell, AlarmSeverity.MAJOR, sustained, "transmitterFailure",
                "transmitter output below threshold");
        b.alarm("ALM-" + cell + "-TX", cell, AlarmSeverity.CLEARED, clear, "transmitterFailure",
                "transmitter replaced");
        return b.build(name, """
                A MAJOR alarm on cell SITE-MIDLANDS-2-B is raised and cleared 10 times in 5 minutes, then raised \
                for 30 minutes and cleared for good. Neighbouring cells cover the sector, so complaints stay at \
                noise level. Exactly one outage with the cell in scope: one DETECTED within 60 s of the first \
                raise, one RESOLVED after the final clear, no REOPENED.""",
                List.of(new ExpectedOutage(Set.of(Service.VOICE, Service.SMS, Service.DATA), Set.of("midlands"),
                        Set.of(cell), onset, true, clear, clear.plus(RESOLVE_WITHIN))));
    }

    private static Incident outOfOrderComplaints() {
        String name = "out-of-order-complaints";
        Instant onset = at("2019-06-04T19:00:00Z");
        Instant subsided = onset.plus(Duration.ofMinutes(45));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), subsided.plus(TAIL))
                .surge(new Surge(Service.DATA, Set.of("north-west"), null, 6, onset, subsided));
        return b.build(name, """
                A silent DATA failure in north-west (no alarm): DATA complaints at 6x for 45 minutes. Every \
                complaint, noise included, reaches the detector a random 0 to 4 minutes after its event time: \
                events() is in DELIVERY order, not event-time order. A detector must not drop late complaints.""",
                List.of(new ExpectedOutage(Set.of(Service.DATA), Set.of("north-west"), Set.of(), onset, false,
                        subsided.minus(SUBSIDE_TOLERANCE), subsided.plus(RESOLVE_WITHIN))),
                b.eventsDelivered(MAX_DELIVERY_DELAY));
    }

    private static Incident silentDataFailure() {
        String name = "silent-data-failure";
        Instant onset = at("2019-06-11T10:00:00Z");
        Instant subsided = onset.plus(Duration.ofMinutes(45));
        ScenarioBuilder b = builder(name, onset.minus(LEAD_IN), subsided.plus(TAIL))
                .surge(new Surge(Service.DATA, Set.of("midlands", "yorkshire"), null, 5, onset, subsided));
        return b.build(name, """
                A silent DATA failure in midlands and yorkshire (no alarm), complaints at exactly 5x for 45 \
                minutes, delivered in order: the surge-only case at the detection goal's 5x. One outage per region \
                or one for both pass.""",
                List.of(new ExpectedOutage(Set.of(Service.DATA), Set.of("midlands"), Set.of(), onset, false,
                                subsided.minus(SUBSIDE_TOLERANCE), subsided.plus(RESOLVE_WITHIN)),
                        new ExpectedOutage(Set.of(Service.DATA), Set.of("yorkshire"), Set.of(), onset, false,
                                subsided.minus(SUBSIDE_TOLERANCE), subsided.plus(RESOLVE_WITHIN))));
    }
}
