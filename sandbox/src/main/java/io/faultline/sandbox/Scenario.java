package io.faultline.sandbox;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A replayable incident: alarms and complaints in event time, modelled on a real outage.
 *
 * @param name        name used by {@code --scenario}
 * @param description what happened in the real incident
 * @param outages     number of outages it must produce
 * @param events      input events in event-time order
 */
public record Scenario(String name, String description, int outages, List<FaultlineEvent> events) {

    /** Scenario names and how to build them. */
    public static final Map<String, String> CATALOGUE = Map.of(
            "o2-2018", "O2 UK, 6 Dec 2018: expired certificate in SGSN-MME software, mobile data down nationwide ~24 h",
            "orange-2012-signalling", "Orange France, 6 Jul 2012: core signalling fault, calls and SMS down nationwide",
            "orange-2012-voicemail", "Orange France, Sep 2012: one voicemail platform down 4 h for the ~3% of lines homed on it",
            "mail-outage", "Orange mailboxes down nationwide: customers must be told by SMS, never by the email that is down");

    public static Scenario named(String name, SyntheticNetwork network) {
        return switch (name) {
            case "o2-2018" -> o2DataOutage2018(network);
            case "orange-2012-signalling" -> orangeSignalling2012(network);
            case "orange-2012-voicemail" -> platformOutage("orange-2012-voicemail", "VM-3", Service.VOICEMAIL,
                    Instant.parse("2012-09-18T08:00:00Z"), Duration.ofHours(4), network);
            case "mail-outage" -> platformOutage("mail-outage", "MAIL-1", Service.MAIL,
                    Instant.parse("2013-03-11T07:00:00Z"), Duration.ofHours(9), network);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                    + String.join(", ", CATALOGUE.keySet()) + ", none");
        };
    }

    /** Mobile data down on the national SGSN-MME for ~23.5 h; complaints from 1% of data users; then clear. */
    public static Scenario o2DataOutage2018(SyntheticNetwork network) {
        Instant onset = Instant.parse("2018-12-06T05:30:00Z");
        Instant clear = Instant.parse("2018-12-07T05:00:00Z");
        List<FaultlineEvent> events = new ArrayList<>();
        events.add(alarm("ALM-SGSN-CERT-1", "SGSN-MME-1", AlarmSeverity.CRITICAL, onset,
                "certificate expired in vendor software"));
        events.add(alarm("ALM-SGSN-CERT-1", "SGSN-MME-1", AlarmSeverity.CRITICAL, onset,
                "certificate expired in vendor software"));
        events.add(alarm("ALM-SGSN-LINK-7", "SGSN-MME-1", AlarmSeverity.MAJOR, onset.plusSeconds(40),
                "Gb link down"));
        events.addAll(complaints(network, Service.DATA, onset.plusSeconds(300), clear, 0.01, 2018));
        events.add(alarm("ALM-SGSN-LINK-7", "SGSN-MME-1", AlarmSeverity.CLEARED, clear.minusSeconds(600), "Gb link up"));
        events.add(alarm("ALM-SGSN-CERT-1", "SGSN-MME-1", AlarmSeverity.CLEARED, clear, "certificate renewed"));
        events.sort(Comparator.comparing(FaultlineEvent::occurredAt));
        return new Scenario("o2-2018", CATALOGUE.get("o2-2018"), 1, events);
    }

    /** Calls and SMS down on the signalling core: notices must go by email. */
    public static Scenario orangeSignalling2012(SyntheticNetwork network) {
        Instant onset = Instant.parse("2012-07-06T14:30:00Z");
        Instant clear = Instant.parse("2012-07-07T00:00:00Z");
        List<FaultlineEvent> events = new ArrayList<>();
        events.add(alarm("ALM-HLR-SIG-1", "CORE-SIG-1", AlarmSeverity.CRITICAL, onset, "signalling software fault"));
        events.addAll(complaints(network, Service.VOICE, onset.plusSeconds(120), clear, 0.01, 2012));
        events.add(alarm("ALM-HLR-SIG-1", "CORE-SIG-1", AlarmSeverity.CLEARED, clear, "software rolled back"));
        events.sort(Comparator.comparing(FaultlineEvent::occurredAt));
        return new Scenario("orange-2012-signalling", CATALOGUE.get("orange-2012-signalling"), 1, events);
    }

    /**
     * The same incident moved in time so that its last event happens at {@code end}: topics keep records by
     * their timestamps (retention), and a broker refuses timestamps far in the future, so a replay is set to
     * have just happened rather than in 2012 or 2018.
     */
    public Scenario endingAt(Instant end) {
        Instant last = events.stream().map(FaultlineEvent::occurredAt).max(Comparator.naturalOrder()).orElse(end);
        Duration shift = Duration.between(last, end);
        List<FaultlineEvent> moved = events.stream().map(event -> shifted(event, shift)).toList();
        return new Scenario(name, description, outages, moved);
    }

    private static FaultlineEvent shifted(FaultlineEvent event, Duration shift) {
        return switch (event) {
            case NetworkAlarm a -> new NetworkAlarm(a.alarmId(), a.sourceId(), a.severity(), a.alarmType(),
                    a.probableCause(), a.specificProblem(), a.eventTime().plus(shift));
            case CustomerComplaint c -> new CustomerComplaint(c.complaintId(), c.subscriberId(), c.region(),
                    c.cellId(), c.service(), c.channel(), c.time().plus(shift));
            default -> throw new IllegalArgumentException("scenarios hold alarms and complaints only");
        };
    }

    /** One platform element down: the outage is scoped to the lines homed on it, not to regions. */
    public static Scenario platformOutage(String name, String element, Service service, Instant onset,
                                          Duration length, SyntheticNetwork network) {
        Instant clear = onset.plus(length);
        List<FaultlineEvent> events = new ArrayList<>();
        events.add(alarm("ALM-" + element + "-1", element, AlarmSeverity.CRITICAL, onset, "platform unavailable"));
        events.addAll(complaints(network, service, onset.plusSeconds(300), clear, 0.005, onset.getEpochSecond()));
        events.add(alarm("ALM-" + element + "-1", element, AlarmSeverity.CLEARED, clear, "platform restored"));
        events.sort(Comparator.comparing(FaultlineEvent::occurredAt));
        return new Scenario(name, CATALOGUE.get(name), 1, events);
    }

    private static NetworkAlarm alarm(String id, String source, AlarmSeverity severity, Instant at, String problem) {
        return new NetworkAlarm(id, source, severity, "COMMUNICATIONS_ALARM", "softwareError", problem, at);
    }

    private static List<CustomerComplaint> complaints(SyntheticNetwork network, Service service, Instant from,
                                                      Instant to, double share, long seed) {
        Random random = new Random(seed);
        List<CustomerComplaint> complaints = new ArrayList<>();
        long span = Duration.between(from, to).toSeconds();
        ComplaintChannel[] channels = ComplaintChannel.values();
        network.subscribers(subscriber -> {
            if (random.nextDouble() < share && usesService(subscriber, service)) {
                Instant at = from.plusSeconds((long) (span * Math.pow(random.nextDouble(), 3)));
                complaints.add(new CustomerComplaint("CMP-" + seed + "-" + subscriber.subscriberId(),
                        subscriber.subscriberId(), subscriber.homeRegion(), null, service,
                        channels[random.nextInt(channels.length)], at));
            }
        });
        return complaints;
    }

    private static boolean usesService(Subscriber subscriber, Service service) {
        Set<Service> services = subscriber.plan().services();
        return services.isEmpty() || services.contains(service);
    }
}
