package io.faultline.detector.alarms;

import static io.faultline.detector.alarms.AlarmSamples.threeGpp;
import static io.faultline.detector.alarms.AlarmSamples.vesBatch;
import static io.faultline.detector.alarms.AlarmSamples.vesFault;
import static io.faultline.detector.alarms.AlarmSamples.vesSingle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmNormalizerTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00.123456Z");

    @Test
    void aVesFaultEventBecomesAnAlarmKeyedBySourceAndCondition() {
        List<NetworkAlarm> alarms = read(vesSingle("SGSN-MME-1", "certExpired", "CRITICAL", "Fault_MME_certExpired", T0));
        assertThat(alarms).singleElement().satisfies(a -> {
            assertThat(a.alarmId()).isEqualTo("SGSN-MME-1/certExpired");
            assertThat(a.sourceId()).isEqualTo("SGSN-MME-1");
            assertThat(a.severity()).isEqualTo(AlarmSeverity.CRITICAL);
            assertThat(a.eventTime()).isEqualTo(T0);
            assertThat(a.specificProblem()).isEqualTo("certificate expired");
        });
    }

    @Test
    void bothVesClearConventionsClear() {
        assertThat(read(vesSingle("S", "c", "NORMAL", "Fault_S_c", T0)).getFirst().severity())
                .isEqualTo(AlarmSeverity.CLEARED);
        assertThat(read(vesSingle("S", "c", "CRITICAL", "Fault_S_c_Cleared", T0)).getFirst().severity())
                .isEqualTo(AlarmSeverity.CLEARED);
    }

    @Test
    void aVesBatchGivesOneAlarmPerEvent() {
        List<NetworkAlarm> alarms = read(vesBatch(vesFault("A", "x", "MAJOR", "Fault_A_x", T0),
                vesFault("B", "y", "MINOR", "Fault_B_y", T0)));
        assertThat(alarms).extracting(NetworkAlarm::sourceId).containsExactly("A", "B");
    }

    @Test
    void threeGppNewAndClearedNotificationsPairByAlarmId() {
        NetworkAlarm raised = read(threeGpp("notifyNewAlarm", "42", "CORE-SIG-1", "MAJOR", T0)).getFirst();
        NetworkAlarm cleared = read(threeGpp("notifyClearedAlarm", "42", "CORE-SIG-1", "CLEARED", T0)).getFirst();
        assertThat(raised.sourceId()).isEqualTo("CORE-SIG-1");
        assertThat(raised.severity()).isEqualTo(AlarmSeverity.MAJOR);
        assertThat(raised.probableCause()).isEqualTo("softwareError");
        assertThat(cleared.alarmId()).isEqualTo(raised.alarmId());
        assertThat(cleared.isClear()).isTrue();
        assertThat(read("[" + threeGpp("notifyNewAlarm", "1", "X", "CRITICAL", T0) + ","
                + threeGpp("notifyNewAlarm", "2", "Y", "MINOR", T0) + "]")).hasSize(2);
    }

    @Test
    void nativeAlarmsStillRead() {
        String json = "{\"alarmId\":\"A1\",\"sourceId\":\"PGW-1\",\"severity\":\"CRITICAL\",\"eventTime\":\"2018-12-06T05:30:00Z\"}";
        assertThat(read(json)).singleElement().extracting(NetworkAlarm::sourceId).isEqualTo("PGW-1");
    }

    @Test
    void rejectedAlarmsSayWhatIsWrong() {
        assertRejected("{\"hello\":1}", "not a known alarm format");
        assertRejected(vesSingle("S", "c", "SEVERE", "n", T0), "eventSeverity 'SEVERE'");
        assertRejected(vesSingle("S", "c", "MAJOR", "n", T0).replace("\"domain\":\"fault\"", "\"domain\":\"heartbeat\""),
                "VES domain 'heartbeat' is not a fault event");
        assertRejected(vesBatch(vesFault("A", "x", "MAJOR", "n", T0), vesFault("B", "y", "MAJOR", "n", T0)
                .replace("\"sourceName\":\"B\",", "")), "eventList[1]: missing required field 'sourceName'");
        assertRejected(threeGpp("notifyAlarmListRebuilt", "1", "X", "MAJOR", T0), "is not an alarm notification");
        assertRejected(threeGpp("notifyNewAlarm", "1", "X", "MAJOR", T0).replace("\"eventTime\":\"", "\"eventTime\":\"yesterday"),
                "is not an ISO-8601 date-time");
        assertRejected("{\"eventList\":[]}", "non-empty array");
    }

    @Test
    void theVesSamplesAreValidAgainstTheOnapSchema() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of("classpath:formats/ves-CommonEventFormat_30.2.1_ONAP.json"));
        for (String sample : List.of(vesSingle("SGSN-MME-1", "certExpired", "CRITICAL", "Fault_MME_certExpired", T0),
                vesBatch(vesFault("A", "x", "MAJOR", "Fault_A_x", T0), vesFault("A", "x", "NORMAL", "Fault_A_x_Cleared", T0)))) {
            List<Error> errors = schema.validate(EventJson.readTree(sample.getBytes(StandardCharsets.UTF_8)));
            assertThat(errors).as(sample).isEmpty();
        }
    }

    private static void assertRejected(String json, String reason) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidEventException.class).hasMessageContaining(reason);
    }

    private static List<NetworkAlarm> read(String json) {
        return AlarmNormalizer.normalize(json.getBytes(StandardCharsets.UTF_8));
    }
}
