package io.faultline.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A fault alarm raised or cleared by a network element, in Faultline's native JSON form
 * (topic {@code network.alarms.v1}, key: the source element id).
 *
 * @param alarmId         identifier of the alarm at its source; a clear carries the id of the alarm it clears
 * @param sourceId        managed object / network element id, as in {@code network.topology.v1}
 * @param severity        perceived severity; {@code CLEARED} clears
 * @param alarmType       X.733 event type (e.g. COMMUNICATIONS_ALARM), optional
 * @param probableCause   optional
 * @param specificProblem optional free text from the vendor
 * @param eventTime       when the element raised or cleared the alarm
 */
public record NetworkAlarm(String alarmId, String sourceId, AlarmSeverity severity, String alarmType,
                           String probableCause, String specificProblem, Instant eventTime)
        implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.network.alarm", 1);

    public NetworkAlarm {
        Require.text(alarmId, "alarmId");
        Require.text(sourceId, "sourceId");
        Require.present(severity, "severity");
        Require.present(eventTime, "eventTime");
    }

    @JsonIgnore
    public boolean isClear() {
        return severity == AlarmSeverity.CLEARED;
    }

    @Override
    public String eventId() {
        return "alarm:" + alarmId + ":" + severity + ":" + eventTime.toEpochMilli();
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return sourceId;
    }

    @Override
    public Instant occurredAt() {
        return eventTime;
    }
}
