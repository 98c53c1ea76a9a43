package io.faultline.testsupport.incidents;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Builds the events of one incident: background noise, surges and alarms, from one seeded random stream in a fixed
 * order of calls, so the same calls always give the same events.
 */
final class ScenarioBuilder {

    private static final int MAX_POISSON_CHUNK = 30;

    private final IncidentNetwork network;
    private final String idPrefix;
    private final Random random;
    private final Instant start;
    private final Instant end;
    private final List<FaultlineEvent> events = new ArrayList<>();
    private final List<Surge> surges = new ArrayList<>();
    private final Set<Long> complained = new HashSet<>();
    private int sequence;

    ScenarioBuilder(IncidentNetwork network, String idPrefix, long seed, Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        this.network = network;
        this.idPrefix = idPrefix;
        this.random = new Random(seed);
        this.start = start;
        this.end = end;
    }

    /** Background noise for every region and service over the whole span. */
    ScenarioBuilder noise() {
        for (String region : IncidentNetwork.REGIONS) {
            for (Service service : Service.values()) {
                complaints(region, service, null, 1.0, start, end, "N");
            }
        }
        return this;
    }

    /** Extra complaints bringing the affected population to {@code surge.multiple()} times its noise rate. */
    ScenarioBuilder surge(Surge surge) {
        if (surge.from().isBefore(start) || surge.to().isAfter(end)) {
            throw new IllegalArgumentException("surge outside the incident span");
        }
        surges.add(surge);
        for (String region : IncidentNetwork.REGIONS) {       // fixed order, whatever the set's iteration order
            if (!surge.regions().contains(region)) {
                continue;
            }
            double share = surge.platform() == null ? 1.0
                    : (double) network.subscribersIn(region, surge.platform()) / network.subscribersIn(region);
            complaints(region, surge.service(), surge.platform(), (surge.multiple() - 1) * share, surge.from(),
                    surge.to(), "S");
        }
        return this;
    }

    ScenarioBuilder alarm(String alarmId, String sourceId, AlarmSeverity severity, Instant at, String probableCause,
                          String specificProblem) {
        if (at.isBefore(start) || !at.isBefore(end)) {
            throw new IllegalArgumentException("alarm outside the incident span: " + at);
        }
        network.element(sourceId);                            // fails on an unknown source
        events.add(new NetworkAlarm(alarmId, sourceId, severity, "COMMUNICATIONS_ALARM", probableCause,
                specificProblem, at));
        return this;
    }

    /** The events so far in event-time order (stable: equal times keep the order they were added in). */
    List<FaultlineEvent> events() {
        List<FaultlineEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(FaultlineEvent::occurredAt));
        return sorted;
    }

    /**
     * The events in delivery order: each complaint is delivered a uniform random 0 to {@code maxDelay} after its
     * event time, alarms at once; sorted by delivery time.
     */
    List<FaultlineEvent> eventsDelivered(Duration maxDelay) {
        record Delivery(FaultlineEvent event, Instant at) {
        }
        long maxMillis = maxDelay.toMillis();
        List<Delivery> deliveries = new ArrayList<>();
        for (FaultlineEvent event : events()) {
            long delay = event instanceof CustomerComplaint ? random.nextLong(maxMillis + 1) : 0;
            deliveries.add(new Delivery(event, event.occurredAt().plusMillis(delay)));
        }
        deliveries.sort(Comparator.comparing(Delivery::at));
        return deliveries.stream().map(Delivery::event).toList();
    }

    Incident build(String name, String description, List<ExpectedOutage> expected) {
        return build(name, description, expected, events());
    }

    Incident build(String name, String description, List<ExpectedOutage> expected, List<FaultlineEvent> ordered) {
        return new Incident(name, description, network.topology(start.minus(Duration.ofDays(1))), ordered, start, end,
                expected, surges);
    }

    private void complaints(String region, Service service, String platform, double factor, Instant from,
                            Instant to, String stage) {
        Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
        while (minute.isBefore(to)) {
            Instant next = minute.plus(1, ChronoUnit.MINUTES);
            Instant a = minute.isBefore(from) ? from : minute;
            Instant b = next.isAfter(to) ? to : next;
            long windowMillis = Duration.between(a, b).toMillis();
            double lambda = ComplaintNoise.ratePerMinute(region, service, minute) * factor * windowMillis / 60_000.0;
            int count = poisson(lambda);
            for (int k = 0; k < count; k++) {
                Instant at = a.plusMillis(random.nextLong(windowMillis));
                int subscriber = freshSubscriber(region, platform, service);
                String cell = carriesCell(service) && random.nextDouble() < 0.4
                        ? network.cellsIn(region).get(random.nextInt(9)) : null;
                add(subscriber, region, cell, service, at, stage);
                if (random.nextDouble() < ComplaintNoise.REPEAT_SHARE) {
                    Instant again = at.plusMillis(60_000 + random.nextLong(
                            ComplaintNoise.REPEAT_WITHIN.toMillis() - 60_000));
                    if (again.isBefore(end)) {
                        add(subscriber, region, cell, service, again, stage);
                    }
                }
            }
            minute = next;
        }
    }

    private void add(int subscriber, String region, String cell, Service service, Instant at, String stage) {
        events.add(new CustomerComplaint(String.format("CMP-%s-%s-%06d", idPrefix, stage, ++sequence),
                IncidentNetwork.subscriberId(subscriber), region, cell, service, channel(), at));
    }

    /** A subscriber of the population who has not complained about {@code service} yet in this incident. */
    private int freshSubscriber(String region, String platform, Service service) {
        int candidate = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            candidate = network.randomIndexIn(region, platform, random);
            if (complained.add((long) candidate * 8 + service.ordinal())) {
                return candidate;
            }
        }
        return candidate;                                     // population exhausted: accept a repeat
    }

    private ComplaintChannel channel() {
        double u = random.nextDouble();
        return u < 0.40 ? ComplaintChannel.CALL_CENTRE
                : u < 0.70 ? ComplaintChannel.APP
                : u < 0.85 ? ComplaintChannel.WEB
                : ComplaintChannel.SOCIAL;
    }

    private static boolean carriesCell(Service service) {
        return service == Service.VOICE || service == Service.SMS || service == Service.DATA;
    }

    private int poisson(double lambda) {
        int total = 0;
        while (lambda > MAX_POISSON_CHUNK) {
            total += knuth(MAX_POISSON_CHUNK);
            lambda -= MAX_POISSON_CHUNK;
        }
        return total + knuth(lambda);
    }

    private int knuth(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
