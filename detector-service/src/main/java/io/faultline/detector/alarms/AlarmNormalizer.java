package io.faultline.detector.alarms;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads every alarm format accepted on network.alarms.v1 into native {@link NetworkAlarm}s:
 * <ul>
 *   <li>native Faultline JSON (alarmId, sourceId, severity, eventTime);</li>
 *   <li>an ONAP VES 7.x fault event, single ({@code {"event": {...}}}) or batched ({@code {"eventList": [...]}});
 *       a clear is {@code eventSeverity NORMAL} or an {@code eventName} ending in "Cleared"; the alarm key is
 *       sourceName + alarmCondition;</li>
 *   <li>a 3GPP TS 28.532 fault notification (notifyNewAlarm, notifyChangedAlarm, notifyClearedAlarm), single or
 *       as a JSON array; the element is the last RDN value of {@code href} or {@code objectInstance}.</li>
 * </ul>
 * Anything else is an {@link InvalidEventException} whose message tells a NOC engineer what is wrong.
 */
public final class AlarmNormalizer {

    private AlarmNormalizer() {
    }

    public static List<NetworkAlarm> normalize(byte[] json) {
        if (json == null) {
            return List.of();
        }
        return normalize(EventJson.readTree(json));
    }

    public static List<NetworkAlarm> normalize(JsonNode root) {
        List<NetworkAlarm> alarms = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                alarms.addAll(at("[" + i + "]", () -> normalize(element)));
            }
            return alarms;
        }
        if (!root.isObject()) {
            throw new InvalidEventException("an alarm must be a JSON object, got " + root.getNodeType());
        }
        if (root.has("eventList")) {
            JsonNode list = root.get("eventList");
            if (!list.isArray() || list.isEmpty()) {
                throw new InvalidEventException("VES eventList must be a non-empty array");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode event = list.get(i);
                alarms.add(at("eventList[" + i + "]", () -> ves(event)));
            }
            return alarms;
        }
        if (root.has("event")) {
            return List.of(at("event", () -> ves(root.get("event"))));
        }
        if (root.has("commonEventHeader")) {
            return List.of(ves(root));
        }
        if (root.has("notificationType")) {
            return List.of(threeGpp(root));
        }
        if (root.has("alarmId") && root.has("sourceId")) {
            return List.of(EventJson.read(EventJson.write(root), NetworkAlarm.class));
        }
        throw new InvalidEventException("not a known alarm format: expected a native alarm (alarmId, sourceId, "
                + "severity, eventTime), a VES 7.x fault event ({\"event\":...} or {\"eventList\":[...]}) or a "
                + "3GPP TS 28.532 notification (notificationType notifyNewAlarm/notifyClearedAlarm)");
    }

    /** Whether a VES event is a fault event (other domains are accepted by the listener but not alarms). */
    public static boolean isVesFault(JsonNode event) {
        return "fault".equals(event.path("commonEventHeader").path("domain").asString(""));
    }

    private static NetworkAlarm ves(JsonNode event) {
        JsonNode header = required(event, "commonEventHeader", "VES event");
        String domain = text(header, "domain", "VES commonEventHeader");
        if (!"fault".equals(domain)) {
            throw new InvalidEventException("VES domain '" + domain + "' is not a fault event; only domain "
                    + "'fault' carries alarms");
        }
        JsonNode fault = required(event, "faultFields", "VES fault event");
        String source = text(header, "sourceName", "VES commonEventHeader");
        String eventName = text(header, "eventName", "VES commonEventHeader");
        String condition = text(fault, "alarmCondition", "VES faultFields");
        String severityText = text(fault, "eventSeverity", "VES faultFields");
        AlarmSeverity severity = switch (severityText) {
            case "CRITICAL" -> AlarmSeverity.CRITICAL;
            case "MAJOR" -> AlarmSeverity.MAJOR;
            case "MINOR" -> AlarmSeverity.MINOR;
            case "WARNING" -> AlarmSeverity.WARNING;
            case "NORMAL" -> AlarmSeverity.CLEARED;
            default -> throw new InvalidEventException("VES faultFields.eventSeverity '" + severityText
                    + "' is not one of CRITICAL, MAJOR, MINOR, WARNING, NORMAL");
        };
        if (eventName.toLowerCase(Locale.ROOT).endsWith("cleared")) {
            severity = AlarmSeverity.CLEARED;
        }
        JsonNode micros = header.has("lastEpochMicrosec") ? header.get("lastEpochMicrosec")
                : header.get("startEpochMicrosec");
        if (micros == null || !micros.isNumber()) {
            throw new InvalidEventException("VES commonEventHeader needs a numeric lastEpochMicrosec or "
                    + "startEpochMicrosec");
        }
        long us = micros.asLong();
        Instant time = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
        return new NetworkAlarm(source + "/" + condition, source, severity,
                fault.path("eventCategory").asString(null), null, fault.path("specificProblem").asString(null), time);
    }

    private static NetworkAlarm threeGpp(JsonNode notification) {
        String type = text(notification, "notificationType", "3GPP notification");
        boolean cleared = switch (type) {
            case "notifyNewAlarm", "notifyChangedAlarm" -> false;
            case "notifyClearedAlarm" -> true;
            default -> throw new InvalidEventException("3GPP notificationType '" + type + "' is not an alarm "
                    + "notification (notifyNewAlarm, notifyChangedAlarm, notifyClearedAlarm)");
        };
        String alarmId = text(notification, "alarmId", "3GPP " + type);
        String object = notification.has("objectInstance") ? text(notification, "objectInstance", "3GPP " + type)
                : text(notification, "href", "3GPP " + type);
        String source = lastRdnValue(object);
        String timeText = text(notification, "eventTime", "3GPP " + type);
        Instant time;
        try {
            time = java.time.OffsetDateTime.parse(timeText).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("3GPP eventTime '" + timeText + "' is not an ISO-8601 date-time");
        }
        AlarmSeverity severity = AlarmSeverity.CLEARED;
        if (!cleared) {
            String perceived = text(notification, "perceivedSeverity", "3GPP " + type);
            try {
                severity = AlarmSeverity.valueOf(perceived.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException("3GPP perceivedSeverity '" + perceived + "' is not one of "
                        + "CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE, CLEARED");
            }
        }
        return new NetworkAlarm(alarmId, source, severity, notification.path("alarmType").asString(null),
                notification.path("probableCause").asString(null),
                notification.path("specificProblem").asString(null), time);
    }

    /** {@code .../SubNetwork=UK/ManagedElement=SGSN-MME-1} gives {@code SGSN-MME-1}. */
    static String lastRdnValue(String dn) {
        String path = dn.replaceFirst("^[a-zA-Z]+://[^/]+", "");
        String[] parts = path.split("[/,]");
        for (int i = parts.length - 1; i >= 0; i--) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq > 0 && eq < part.length() - 1) {
                return part.substring(eq + 1);
            }
        }
        if (path.isBlank()) {
            throw new InvalidEventException("3GPP object '" + dn + "' names no managed object");
        }
        return parts[parts.length - 1].trim();
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new InvalidEventException("missing required field '" + field + "' in " + where);
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new InvalidEventException("missing required field '" + field + "' in " + where);
        }
        return value.asString();
    }

    private static <T> T at(String where, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidEventException e) {
            throw new InvalidEventException(where + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(where + ": " + e.getMessage(), e);
        }
    }
}
