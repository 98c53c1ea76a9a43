package io.faultline.sandbox.bench;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.Service;
import io.faultline.testsupport.incidents.ComplaintNoise;
import io.faultline.testsupport.incidents.IncidentNetwork;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The mixed alarm and complaint load of the detector benchmark: about 90% complaints and 10% alarm records.
 *
 * <p><b>Complaints</b> are native {@link CustomerComplaint}s from subscribers homed in the region, 40% of the radio
 * ones naming a cell, over the four channels; 5% of the complainants complain a second time 1 to 10 minutes later
 * (a detector must count them once).
 *
 * <p><b>Alarms</b> are raise/clear pairs on the operator's cells and sites, held 5 s to 60 min (exponential, mean
 * 3 min): 5% CRITICAL, 15% MAJOR (service-affecting), 40% MINOR, 40% WARNING. 70% are native JSON, 20% ONAP VES
 * 7.x fault events (a quarter of them two faults batched in one {@code eventList}), 10% 3GPP TS 28.532
 * notifications; 3% of raises are sent twice (a duplicate the detector must drop).
 *
 * <p>Two shapes:
 * <ul>
 *   <li>{@link #history}: weeks of ordinary operation in event time, complaints at the library's realistic
 *       diurnal noise rates ({@link ComplaintNoise}) for every (region, service), the benchmark's surge regions
 *       included, alarms at a constant rate that makes them 10% of the records;</li>
 *   <li>{@link #live}: one record at a time at whatever rate the caller drives it, complaints spread over the
 *       operator's ten regions in proportion to their noise, never on the benchmark's own regions, which stay
 *       quiet for the probes.</li>
 * </ul>
 * Not thread-safe; deterministic for a seed.
 */
final class MixedLoad {

    static final double ALARM_SHARE = 0.10;
    static final double REPEAT_SHARE = ComplaintNoise.REPEAT_SHARE;
    static final double DUPLICATE_SHARE = 0.03;
    static final double CELL_SHARE = 0.40;

    private static final Duration MEAN_ALARM_HOLD = Duration.ofMinutes(3);
    private static final Duration MIN_ALARM_HOLD = Duration.ofSeconds(5);
    private static final Duration MAX_ALARM_HOLD = Duration.ofMinutes(60);
    private static final ComplaintChannel[] CHANNELS = {ComplaintChannel.CALL_CENTRE, ComplaintChannel.APP,
            ComplaintChannel.WEB, ComplaintChannel.SOCIAL};
    private static final double[] CHANNEL_WEIGHTS = {0.40, 0.30, 0.15, 0.15};
    private static final String[] PROBABLE_CAUSES = {"transmitterFailure", "powerProblem", "linkFailure",
            "temperatureUnacceptable", "softwareError"};

    private final BenchNetwork network;
    private final LoadRecords records = new LoadRecords();
    private final Random random;
    private final List<String> alarmElements;
    private final PriorityQueue<Pending> pendingComplaints =
            new PriorityQueue<>(Comparator.comparingLong(Pending::dueMs));
    private final PriorityQueue<Pending> pendingAlarms = new PriorityQueue<>(Comparator.comparingLong(Pending::dueMs));
    private final String[] liveKeys;
    private final double[] liveCumulativeWeights;
    private ProducerRecord<String, byte[]> duplicateToSend;
    private long sequence;

    MixedLoad(BenchNetwork network, long seed) {
        this.network = network;
        this.random = new Random(seed);
        this.alarmElements = network.alarmElements();
        List<String> keys = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String region : network.operatorRegions()) {
            for (Service service : Service.values()) {
                keys.add(region + "|" + service);
                weights.add(IncidentNetwork.REGION_WEIGHTS.get(region) * ComplaintNoise.peakPerMinute(service));
            }
        }
        liveKeys = keys.toArray(String[]::new);
        liveCumulativeWeights = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i);
            liveCumulativeWeights[i] = sum;
        }
    }

    /** Complaint records per day of history (first complaints and repeats), on average over one day. */
    double historyComplaintsPerDay() {
        Instant day = Instant.parse("2026-01-05T00:00:00Z");
        double perDay = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            Instant at = day.plus(minute, ChronoUnit.MINUTES);
            for (String region : network.noisyRegions()) {
                for (Service service : Service.values()) {
                    perDay += network.noisePerMinute(region, service, at);
                }
            }
        }
        return perDay * (1 + REPEAT_SHARE);
    }

    /**
     * Where a history ending at {@code end} must start to hold about {@code records} records: walks back minute by
     * minute through the diurnal noise, so a short history that falls at night is as long as it must be.
     */
    Instant historyStartFor(long records, Instant end) {
        double alarmRecordsPerMinute = historyComplaintsPerDay() / (24 * 60) * ALARM_SHARE / (1 - ALARM_SHARE);
        double expected = 0;
        Instant minute = end.truncatedTo(ChronoUnit.MINUTES);
        double lastFraction = (end.toEpochMilli() - minute.toEpochMilli()) / 60_000.0;
        expected += lastFraction * expectedPerMinute(minute, alarmRecordsPerMinute);
        while (expected < records) {
            minute = minute.minus(1, ChronoUnit.MINUTES);
            expected += expectedPerMinute(minute, alarmRecordsPerMinute);
        }
        return minute;
    }

    private double expectedPerMinute(Instant minute, double alarmRecordsPerMinute) {
        double complaints = 0;
        for (String region : network.noisyRegions()) {
            for (Service service : Service.values()) {
                complaints += network.noisePerMinute(region, service, minute);
            }
        }
        return complaints * (1 + REPEAT_SHARE) + alarmRecordsPerMinute;
    }

    /**
     * Generates ordinary operation over [from, to) in event-time order.
     *
     * @return the number of records handed to {@code sink}
     */
    long history(Instant from, Instant to, Consumer<ProducerRecord<String, byte[]>> sink) {
        double complaintsPerMinute = historyComplaintsPerDay() / (24 * 60);
        double alarmRecordsPerMinute = complaintsPerMinute * ALARM_SHARE / (1 - ALARM_SHARE);
        double raisesPerMinute = alarmRecordsPerMinute / (2 + DUPLICATE_SHARE);
        long count = 0;
        List<Timed> minuteRecords = new ArrayList<>();
        for (Instant minute = from.truncatedTo(ChronoUnit.MINUTES); minute.isBefore(to);
             minute = minute.plus(1, ChronoUnit.MINUTES)) {
            long start = Math.max(minute.toEpochMilli(), from.toEpochMilli());
            long end = Math.min(minute.plus(1, ChronoUnit.MINUTES).toEpochMilli(), to.toEpochMilli());
            double fraction = (end - start) / 60_000.0;
            minuteRecords.clear();
            for (String region : network.noisyRegions()) {
                for (Service service : Service.values()) {
                    int n = poisson(network.noisePerMinute(region, service, minute) * fraction);
                    for (int i = 0; i < n; i++) {
                        long at = start + (long) (random.nextDouble() * (end - start));
                        minuteRecords.add(new Timed(at, newComplaint(region, service, at)));
                    }
                }
            }
            int raises = poisson(raisesPerMinute * fraction);
            for (int i = 0; i < raises; i++) {
                long at = start + (long) (random.nextDouble() * (end - start));
                for (ProducerRecord<String, byte[]> raise : newAlarmRaise(at)) {
                    minuteRecords.add(new Timed(at, raise));
                }
            }
            drainDue(pendingComplaints, end, minuteRecords);
            drainDue(pendingAlarms, end, minuteRecords);
            minuteRecords.sort(Comparator.comparingLong(Timed::atMs));
            for (Timed timed : minuteRecords) {
                sink.accept(timed.record());
                count++;
            }
        }
        return count;
    }

    /**
     * One record of the live load at event time {@code at}: a due repeat complaint or clear (stamped {@code at})
     * before new events.
     */
    ProducerRecord<String, byte[]> live(Instant at) {
        long atMs = at.toEpochMilli();
        if (random.nextDouble() < ALARM_SHARE) {
            if (duplicateToSend != null) {
                ProducerRecord<String, byte[]> duplicate = duplicateToSend;
                duplicateToSend = null;
                return duplicate;
            }
            if (!pendingAlarms.isEmpty() && pendingAlarms.peek().dueMs() <= atMs) {
                return pendingAlarms.poll().build().apply(atMs);
            }
            List<ProducerRecord<String, byte[]>> raise = newAlarmRaise(atMs);
            if (raise.size() > 1) {
                duplicateToSend = raise.get(1);
            }
            return raise.getFirst();
        }
        if (!pendingComplaints.isEmpty() && pendingComplaints.peek().dueMs() <= atMs) {
            return pendingComplaints.poll().build().apply(atMs);
        }
        double u = random.nextDouble() * liveCumulativeWeights[liveCumulativeWeights.length - 1];
        int k = 0;
        while (liveCumulativeWeights[k] < u) {
            k++;
        }
        String[] key = liveKeys[k].split("\\|");
        return newComplaint(key[0], Service.valueOf(key[1]), atMs);
    }

    private ProducerRecord<String, byte[]> newComplaint(String region, Service service, long atMs) {
        String subscriber = IncidentNetwork.REGION_WEIGHTS.containsKey(region)
                ? network.incidentNetwork().randomSubscriberIn(region, random)
                : String.format("BENCH-SUB-%s-%05d", region, random.nextInt(100_000));
        boolean radio = BenchNetwork.RADIO_SERVICES.contains(service);
        String cell = radio && IncidentNetwork.REGION_WEIGHTS.containsKey(region) && random.nextDouble() < CELL_SHARE
                ? network.incidentNetwork().cellsIn(region).get(random.nextInt(9)) : null;
        ComplaintChannel channel = CHANNELS[weighted(CHANNEL_WEIGHTS)];
        if (random.nextDouble() < REPEAT_SHARE) {
            long repeatAt = atMs + 60_000 + (long) (random.nextDouble() * 540_000);
            pendingComplaints.add(new Pending(repeatAt, sentMs -> records.complaint(new CustomerComplaint(
                    "BENCH-" + (++sequence), subscriber, region, cell, service, CHANNELS[weighted(CHANNEL_WEIGHTS)],
                    Instant.ofEpochMilli(sentMs)))));
        }
        return records.complaint(new CustomerComplaint("BENCH-" + (++sequence), subscriber, region, cell, service,
                channel, Instant.ofEpochMilli(atMs)));
    }

    /** The record(s) raising a new alarm (two when it is duplicated), and its clear scheduled. */
    private List<ProducerRecord<String, byte[]>> newAlarmRaise(long atMs) {
        String element = alarmElements.get(random.nextInt(alarmElements.size()));
        double s = random.nextDouble();
        AlarmSeverity severity = s < 0.05 ? AlarmSeverity.CRITICAL : s < 0.20 ? AlarmSeverity.MAJOR
                : s < 0.60 ? AlarmSeverity.MINOR : AlarmSeverity.WARNING;
        String cause = PROBABLE_CAUSES[random.nextInt(PROBABLE_CAUSES.length)];
        long id = ++sequence;
        Instant at = Instant.ofEpochMilli(atMs);
        double format = random.nextDouble();
        List<ProducerRecord<String, byte[]>> raise = new ArrayList<>(2);
        if (format < 0.70) {
            String alarmId = "ALM-" + element + "-" + id;
            raise.add(records.nativeAlarm(new NetworkAlarm(alarmId, element, severity, "EQUIPMENT_ALARM", cause,
                    "bench fault", at)));
            scheduleClear(atMs, clearMs -> records.nativeAlarm(new NetworkAlarm(alarmId, element,
                    AlarmSeverity.CLEARED, "EQUIPMENT_ALARM", cause, "bench fault cleared",
                    Instant.ofEpochMilli(clearMs))));
        } else if (format < 0.90) {
            boolean batched = random.nextDouble() < 0.25;
            List<LoadRecords.VesFault> faults = new ArrayList<>();
            for (int i = 0; i < (batched ? 2 : 1); i++) {
                String condition = cause + "-" + id + "-" + i;
                faults.add(new LoadRecords.VesFault(condition, severity.name()));
                scheduleClear(atMs, clearMs -> records.vesAlarms(element, Instant.ofEpochMilli(clearMs),
                        new LoadRecords.VesFault(condition, "NORMAL")));
            }
            raise.add(records.vesAlarms(element, at, faults.toArray(LoadRecords.VesFault[]::new)));
        } else {
            String alarmId = "NE-" + id;
            raise.add(records.threeGppAlarm(alarmId, element, severity, cause, at, id));
            scheduleClear(atMs, clearMs -> records.threeGppAlarm(alarmId, element, AlarmSeverity.CLEARED, cause,
                    Instant.ofEpochMilli(clearMs), id + 1_000_000_000L));
        }
        if (random.nextDouble() < DUPLICATE_SHARE) {
            raise.add(raise.getFirst());
        }
        return raise;
    }

    private void scheduleClear(long raisedMs, LongFunction<ProducerRecord<String, byte[]>> clear) {
        double hold = -Math.log(1 - random.nextDouble()) * MEAN_ALARM_HOLD.toMillis();
        long holdMs = Math.clamp((long) hold, MIN_ALARM_HOLD.toMillis(), MAX_ALARM_HOLD.toMillis());
        pendingAlarms.add(new Pending(raisedMs + holdMs, clear));
    }

    private void drainDue(PriorityQueue<Pending> queue, long beforeMs, List<Timed> into) {
        while (!queue.isEmpty() && queue.peek().dueMs() < beforeMs) {
            Pending pending = queue.poll();
            into.add(new Timed(pending.dueMs(), pending.build().apply(pending.dueMs())));
        }
    }

    private int weighted(double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Knuth's method: the rates here are small (a few per minute). */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    /** A record due later (a repeat complaint or a clear), built with its event time when it is sent. */
    private record Pending(long dueMs, LongFunction<ProducerRecord<String, byte[]>> build) {
    }

    private record Timed(long atMs, ProducerRecord<String, byte[]> record) {
    }
}
