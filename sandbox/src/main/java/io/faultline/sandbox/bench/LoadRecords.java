package io.faultline.sandbox.bench;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns benchmark events into the Kafka records a real producer would send: native events as JSON with their
 * CloudEvents headers (as care systems and the inventory do), VES 7.x and 3GPP TS 28.532 alarms as the bare JSON
 * a VES collector or an OSS would forward. The record timestamp is the event time; the key is the contract key
 * (subscriber id for complaints, source element for alarms).
 */
final class LoadRecords {

    static final String CE_SOURCE = "/faultline/bench/load";

    private static final String ALARMS = Topics.NETWORK_ALARMS.name();
    private static final String COMPLAINTS = Topics.CUSTOMER_COMPLAINTS.name();

    private final EventSerializer<CustomerComplaint> complaintSerializer =
            new EventSerializer<>(CE_SOURCE);
    private final EventSerializer<NetworkAlarm> alarmSerializer = new EventSerializer<>(CE_SOURCE);

    ProducerRecord<String, byte[]> complaint(CustomerComplaint complaint) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = complaintSerializer.serialize(COMPLAINTS, headers, complaint);
        return new ProducerRecord<>(COMPLAINTS, null, complaint.time().toEpochMilli(), complaint.subscriberId(),
                value, headers);
    }

    ProducerRecord<String, byte[]> nativeAlarm(NetworkAlarm alarm) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = alarmSerializer.serialize(ALARMS, headers, alarm);
        return new ProducerRecord<>(ALARMS, null, alarm.eventTime().toEpochMilli(), alarm.sourceId(), value, headers);
    }

    /** One VES 7.x fault event, or several of the same source batched in one {@code eventList}. */
    ProducerRecord<String, byte[]> vesAlarms(String source, Instant at, VesFault... faults) {
        StringBuilder json = new StringBuilder();
        if (faults.length == 1) {
            json.append("{\"event\":").append(vesFault(source, faults[0], at)).append('}');
        } else {
            json.append("{\"eventList\":[");
            for (int i = 0; i < faults.length; i++) {
                json.append(i == 0 ? "" : ",").append(vesFault(source, faults[i], at));
            }
            json.append("]}");
        }
        return new ProducerRecord<>(ALARMS, null, at.toEpochMilli(), source,
                json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A 3GPP TS 28.532 notifyNewAlarm, or notifyClearedAlarm when {@code severity} is CLEARED. */
    ProducerRecord<String, byte[]> threeGppAlarm(String alarmId, String element, AlarmSeverity severity,
                                                 String probableCause, Instant at, long notificationId) {
        boolean clear = severity == AlarmSeverity.CLEARED;
        String json = """
                {"href":"https://oss.example/ProvMnS/v1/SubNetwork=UK/ManagedElement=%s","notificationId":%d,\
                "notificationType":"%s","eventTime":"%s","systemDN":"DC=meridian.example,SubNetwork=UK",\
                "alarmId":"%s","alarmType":"EQUIPMENT_ALARM","probableCause":"%s","perceivedSeverity":"%s"}"""
                .formatted(element, notificationId, clear ? "notifyClearedAlarm" : "notifyNewAlarm", at, alarmId,
                        probableCause, severity);
        return new ProducerRecord<>(ALARMS, null, at.toEpochMilli(), element, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One fault of a VES event.
     *
     * @param condition alarm condition; with the source it is the alarm's identity
     * @param severity  VES eventSeverity: CRITICAL, MAJOR, MINOR, WARNING or NORMAL (a clear)
     */
    record VesFault(String condition, String severity) {
    }

    private static String vesFault(String source, VesFault fault, Instant at) {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        return """
                {"commonEventHeader":{"domain":"fault","eventId":"%s-%s-%d","eventName":"Fault_bench_%s",\
                "eventType":"ran","lastEpochMicrosec":%d,"priority":"High","reportingEntityName":"ems-1",\
                "sequence":0,"sourceName":"%s","startEpochMicrosec":%d,"version":"4.1",\
                "vesEventListenerVersion":"7.2.1"},"faultFields":{"alarmCondition":"%s","eventSeverity":"%s",\
                "eventSourceType":"eNodeB","faultFieldsVersion":"4.0","specificProblem":"bench fault",\
                "vfStatus":"Active"}}"""
                .formatted(fault.condition(), fault.severity(), micros, fault.condition(), micros, source, micros,
                        fault.condition(), fault.severity());
    }
}
