package io.faultline.testsupport.incidents;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The background complaint model: what customers complain about when nothing is wrong.
 *
 * <p><b>Rate.</b> For each (region, service) the expected number of <em>distinct complaining customers</em> per
 * minute is
 * <pre>
 *   rate = (night + (peak - night) * shape(clock time)) * REGION_WEIGHTS[region] / 0.1
 * </pre>
 * i.e. {@link #nightPerMinute(Service)} and {@link #peakPerMinute(Service)} are the figures of an average region
 * (10% of the lines) and a region's noise scales with its share of the lines. {@code shape} is a diurnal profile
 * in [0, 1], linear between hourly anchors of the UTC clock time: 0 from 02:00 to 04:00, evening peak 19:00-20:00
 * for VOICE, SMS, DATA and VOICEMAIL (consumer shape), office-hours peak 10:00-11:00 and 14:00 for MAIL. Every
 * day of the week has the same profile, so an hour-of-week baseline learnt on any day fits every other day. The
 * rate is held constant over each clock minute (its value at the start of the minute), which makes
 * {@link #expectedComplainants} exact.
 *
 * <table>
 *   <caption>rates of an average region, distinct customers per minute</caption>
 *   <tr><th>service</th><th>night (02:00-04:00)</th><th>peak</th></tr>
 *   <tr><td>VOICE</td><td>0.30</td><td>1.20</td></tr>
 *   <tr><td>DATA</td><td>0.30</td><td>1.20</td></tr>
 *   <tr><td>SMS</td><td>0.10</td><td>0.40</td></tr>
 *   <tr><td>VOICEMAIL</td><td>0.05</td><td>0.20</td></tr>
 *   <tr><td>MAIL</td><td>0.05</td><td>0.20</td></tr>
 * </table>
 *
 * <p><b>Arrivals.</b> Per clock minute a Poisson number of first complaints, at uniform times within the minute
 * (millisecond precision), each from a uniformly drawn subscriber homed in the region who has not yet complained
 * about that service in the same generated stream. {@link #REPEAT_SHARE} of the customers complain a second time,
 * 1 to 10 minutes later, same service and region, a fresh complaint id and possibly another channel: a detector
 * must count them once. Channels: 40% call centre, 30% app, 15% web, 15% social. VOICE, SMS and DATA complaints
 * name a cell of the region 40% of the time; VOICEMAIL and MAIL complaints never do.
 *
 * <p>A {@link Surge} of multiple {@code m} adds {@code (m - 1) * rate} on top of this noise, with the same
 * arrival model, so the affected population complains at {@code m} times its noise rate.
 */
public final class ComplaintNoise {

    /** Share of complaining customers who complain twice. */
    public static final double REPEAT_SHARE = 0.05;

    /** A repeat complaint follows the first one within this delay (at least one minute after it). */
    public static final Duration REPEAT_WITHIN = Duration.ofMinutes(10);

    private static final Map<Service, double[]> NIGHT_PEAK = new EnumMap<>(Map.of(
            Service.VOICE, new double[] {0.30, 1.20},
            Service.DATA, new double[] {0.30, 1.20},
            Service.SMS, new double[] {0.10, 0.40},
            Service.VOICEMAIL, new double[] {0.05, 0.20},
            Service.MAIL, new double[] {0.05, 0.20}));

    /** Consumer shape, value at hh:00 for hh = 0..23. */
    private static final double[] CONSUMER = {0.15, 0.06, 0.0, 0.0, 0.0, 0.04, 0.15, 0.35, 0.50, 0.55, 0.55, 0.55,
            0.60, 0.60, 0.55, 0.55, 0.60, 0.75, 0.90, 1.0, 1.0, 0.90, 0.60, 0.35};

    /** Office-hours shape (mail), value at hh:00 for hh = 0..23. */
    private static final double[] OFFICE = {0.05, 0.0, 0.0, 0.0, 0.0, 0.02, 0.10, 0.35, 0.70, 0.95, 1.0, 1.0,
            0.85, 0.90, 1.0, 0.95, 0.90, 0.70, 0.45, 0.30, 0.25, 0.20, 0.15, 0.10};

    private ComplaintNoise() {
    }

    /** Night (02:00-04:00) rate of an average region, distinct customers per minute. */
    public static double nightPerMinute(Service service) {
        return NIGHT_PEAK.get(service)[0];
    }

    /** Peak rate of an average region, distinct customers per minute. */
    public static double peakPerMinute(Service service) {
        return NIGHT_PEAK.get(service)[1];
    }

    /**
     * Expected distinct complaining customers per minute in {@code region} about {@code service} during the clock
     * minute containing {@code at}.
     */
    public static double ratePerMinute(String region, Service service, Instant at) {
        Double weight = IncidentNetwork.REGION_WEIGHTS.get(region);
        if (weight == null) {
            throw new IllegalArgumentException("unknown region " + region);
        }
        double[] nightPeak = NIGHT_PEAK.get(service);
        double[] shape = service == Service.MAIL ? OFFICE : CONSUMER;
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        int minuteOfDay = minute.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
        int hour = minuteOfDay / 60;
        double fraction = (minuteOfDay % 60) / 60.0;
        double s = shape[hour] + (shape[(hour + 1) % 24] - shape[hour]) * fraction;
        return (nightPeak[0] + (nightPeak[1] - nightPeak[0]) * s) * weight / 0.1;
    }

    /** Expected distinct complaining customers in {@code region} about {@code service} in [from, to). */
    public static double expectedComplainants(String region, Service service, Instant from, Instant to) {
        double sum = 0;
        Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
        while (minute.isBefore(to)) {
            Instant next = minute.plus(1, ChronoUnit.MINUTES);
            Instant a = minute.isBefore(from) ? from : minute;
            Instant b = next.isAfter(to) ? to : next;
            sum += ratePerMinute(region, service, minute) * Duration.between(a, b).toMillis() / 60_000.0;
            minute = next;
        }
        return sum;
    }

    /**
     * Background complaints for every region and service in [from, to) over {@code network}, sorted by time.
     * Deterministic: the same arguments give the same complaints. Complaint ids are {@code CMP-<idPrefix>-N-<n>}.
     */
    public static List<CustomerComplaint> generate(IncidentNetwork network, Instant from, Instant to, long seed,
                                                   String idPrefix) {
        ScenarioBuilder builder = new ScenarioBuilder(network, idPrefix, seed, from, to);
        builder.noise();
        return builder.events().stream().map(CustomerComplaint.class::cast).toList();
    }
}
