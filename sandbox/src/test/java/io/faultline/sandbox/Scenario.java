package io.faultline.sandbox;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.testsupport.incidents.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small replayable outage over a {@link SyntheticNetwork}, pushed at once (no real time), whose audience and
 * credits a test can compute exactly: the O2 December 2018 data outage with a duplicate alarm, a second alarm on
 * the same element and complaints from 1% of data users. The sandbox itself replays the incident library.
 *
 * @param name        scenario name
 * @param description what happened in the real incident
 * @param outages     number of outages it must produce
 * @param events      input events in event-time order
 */
public record Scenario(String name, String description, int outages, List<FaultlineEvent> events) {

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
        return new Scenario("o2-2018", "O2 UK, 6 Dec 2018: expired certificate in SGSN-MME software, mobile data down "
                + "nationwide ~24 h", 1, events);
    }

    /**
     * The same incident moved in time so that its last event happens at {@code end}: topics keep records by
     * their timestamps (retention), and a broker refuses timestamps far in the future, so a replay is set to
     * have just happened rather than in 2012 or 2018.
     */
    public Scenario endingAt(Instant end) {
        Instant last = events.stream().map(FaultlineEvent::occurredAt).max(Comparator.naturalOrder()).orElse(end);
        Duration shift = Duration.between(last, end);
        List<FaultlineEvent> moved = events.stream().map(event -> Incident.shifted(event, shift)).toList();
        return new Scenario(name, description, outages, moved);
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
