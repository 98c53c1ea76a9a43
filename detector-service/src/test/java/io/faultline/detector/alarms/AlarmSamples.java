package io.faultline.detector.alarms;

import java.time.Instant;

/** Alarms in the formats the detector accepts, shared by the detector's tests. */
public final class AlarmSamples {

    private AlarmSamples() {
    }

    /** One VES 7.x fault event (the object inside {"event": ...} or an eventList item). */
    public static String vesFault(String source, String condition, String severity, String eventName, Instant at) {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        return """
                {"commonEventHeader":{"domain":"fault","eventId":"%s-%d","eventName":"%s","eventType":"applicationVnf",
                 "lastEpochMicrosec":%d,"priority":"High","reportingEntityName":"ems-1","sequence":0,
                 "sourceName":"%s","startEpochMicrosec":%d,"version":"4.1","vesEventListenerVersion":"7.2.1"},
                 "faultFields":{"alarmCondition":"%s","eventSeverity":"%s","eventSourceType":"virtualNetworkFunction",
                 "faultFieldsVersion":"4.0","specificProblem":"certificate expired","vfStatus":"Active",
                 "eventCategory":"security"}}
                """.formatted(condition, micros, eventName, micros, source, micros, condition, severity);
    }

    public static String vesSingle(String source, String condition, String severity, String eventName, Instant at) {
        return "{\"event\":" + vesFault(source, condition, severity, eventName, at) + "}";
    }

    public static String vesBatch(String... events) {
        return "{\"eventList\":[" + String.join(",", events) + "]}";
    }

    /** A 3GPP TS 28.532 alarm notification. */
    public static String threeGpp(String type, String alarmId, String element, String severity, Instant at) {
        return """
                {"href":"https://oss.example/ProvMnS/v1/SubNetwork=UK/ManagedElement=%s","notificationId":%d,
                 "notificationType":"%s","eventTime":"%s","systemDN":"DC=meridian.example,SubNetwork=UK",
                 "alarmId":"%s","alarmType":"COMMUNICATIONS_ALARM","probableCause":"softwareError",
                 "specificProblem":"signalling link failure","perceivedSeverity":"%s"}
                """.formatted(element, at.getEpochSecond(), type, at, alarmId, severity);
    }
}
