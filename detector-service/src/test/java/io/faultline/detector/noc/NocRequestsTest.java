package io.faultline.detector.noc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.detector.detection.NocCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** What the NOC API accepts and how it refuses the rest, before anything is written. */
class NocRequestsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aDeclarationBecomesADeclareCommandOfTheActor() {
        NocCommand command = NocRequests.declare(declare("""
                {"title":" Voicemail down ","severity":"critical","services":["VOICEMAIL","sms"],
                 "regions":["north"," south "],"elements":["VM-1"],"publicMessage":"We are on it",
                 "eta":"2026-03-01T19:00:00+01:00","note":"seen by the NOC"}"""), "alice", NOW);

        assertThat(command.action()).isEqualTo(NocCommand.Action.DECLARE);
        assertThat(command.actor()).isEqualTo("alice");
        assertThat(command.title()).isEqualTo("Voicemail down");
        assertThat(command.severity()).isEqualTo(OutageSeverity.CRITICAL);
        assertThat(command.services()).containsExactlyInAnyOrder(Service.VOICEMAIL, Service.SMS);
        assertThat(command.regions()).containsExactlyInAnyOrder("north", "south");
        assertThat(command.elements()).containsExactly("VM-1");
        assertThat(command.eta()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
        assertThat(command.note()).isEqualTo("seen by the NOC");
        assertThat(command.commandId()).isNull();
        assertThat(command.at()).isNull();
    }

    @Test
    void aDeclarationNeedsKnownServicesAndAPlace() {
        assertBadRequest(() -> NocRequests.declare(declare("{\"regions\":[\"north\"]}"), "a", NOW),
                "'services' is required");
        assertBadRequest(() -> NocRequests.declare(declare("{\"services\":[],\"regions\":[\"north\"]}"), "a", NOW),
                "'services' is required");
        assertBadRequest(() -> NocRequests.declare(declare("{\"services\":[\"TELEPATHY\"],\"regions\":[\"n\"]}"),
                "a", NOW), "unknown services 'TELEPATHY', expected one of [VOICE, SMS, DATA, VOICEMAIL, MAIL]");
        assertBadRequest(() -> NocRequests.declare(declare("{\"services\":[\"DATA\"],\"severity\":\"SEVERE\","
                + "\"regions\":[\"n\"]}"), "a", NOW), "unknown severity 'SEVERE', expected one of [CRITICAL, MAJOR, MINOR]");
        assertBadRequest(() -> NocRequests.declare(declare("{\"services\":[\"DATA\"]}"), "a", NOW),
                "needs a place");
        assertBadRequest(() -> NocRequests.declare(declare("{\"services\":[\"DATA\"],\"regions\":[\" \"]}"), "a",
                NOW), "'regions' entries have 1 to");
    }

    @Test
    void anEtaIsAnIsoTimeWithAZoneAndNotInThePast() {
        assertBadRequest(() -> NocRequests.annotate("OUT-1", annotate("{\"eta\":\"tomorrow\"}"), "a", NOW),
                "'eta' must be an ISO-8601 date-time with a zone");
        assertBadRequest(() -> NocRequests.annotate("OUT-1", annotate("{\"eta\":\"2026-03-01T18:00:00\"}"), "a",
                NOW), "with a zone");
        assertBadRequest(() -> NocRequests.annotate("OUT-1", annotate("{\"eta\":\"2026-03-01T11:00:00Z\"}"), "a",
                NOW), "is in the past");
        assertThat(NocRequests.annotate("OUT-1", annotate("{\"eta\":\"2026-03-01T11:59:30Z\"}"), "a", NOW).eta())
                .as("within the clock skew").isEqualTo(Instant.parse("2026-03-01T11:59:30Z"));
    }

    @Test
    void anAnnotationNeedsAMessageOrAnEta() {
        assertBadRequest(() -> NocRequests.annotate("OUT-1", annotate("{\"note\":\"x\"}"), "a", NOW),
                "needs 'publicMessage' and/or 'eta'");
        assertBadRequest(() -> NocRequests.annotate("OUT-1", annotate("{\"publicMessage\":\"  \"}"), "a", NOW),
                "must not be blank");
        NocCommand command = NocRequests.annotate("OUT-1", annotate("{\"publicMessage\":\"Back by 6pm\"}"), "bob",
                NOW);
        assertThat(command.action()).isEqualTo(NocCommand.Action.ANNOTATE);
        assertThat(command.outageId()).isEqualTo("OUT-1");
        assertThat(command.publicMessage()).isEqualTo("Back by 6pm");
        assertThat(command.eta()).isNull();
    }

    @Test
    void aMergeNeedsATargetAndAResolutionNeedsNothing() {
        assertBadRequest(() -> NocRequests.merge("OUT-1", NocRequests.read(bytes("{}"),
                NocRequests.MergeRequest.class, null), "a"), "'into' is required");
        NocCommand merge = NocRequests.merge("OUT-1", new NocRequests.MergeRequest(" OUT-2 ", "same fault"), "a");
        assertThat(merge.intoOutageId()).isEqualTo("OUT-2");
        NocRequests.ResolveRequest empty = NocRequests.read(new byte[0], NocRequests.ResolveRequest.class,
                new NocRequests.ResolveRequest(null));
        NocCommand resolve = NocRequests.resolve("OUT-1", empty, "a");
        assertThat(resolve.action()).isEqualTo(NocCommand.Action.RESOLVE);
        assertThat(resolve.note()).isNull();
        assertThat(NocRequests.resolve("OUT-1", new NocRequests.ResolveRequest("  "), "a").note())
                .as("a blank note is no note").isNull();
    }

    @Test
    void bodiesAreReadStrictly() {
        assertBadRequest(() -> declare("{\"services\":[\"DATA\"],\"region\":[\"north\"]}"),
                "unknown field 'region', expected [title, severity, services, regions, elements, publicMessage, "
                        + "eta, note]");
        assertBadRequest(() -> declare("{\"services\":\"DATA\"}"), "invalid request body at 'services'");
        assertBadRequest(() -> declare("{\"services\":[\"DATA\"]"), "invalid request body");
        assertBadRequest(() -> declare("{} {}"), "invalid request body");
        assertBadRequest(() -> declare(""), "a JSON object is required");
        assertBadRequest(() -> declare("null"), "a JSON object is required");
        assertBadRequest(() -> declare("{\"note\":\"a\",\"note\":\"b\"}"), "invalid request body");
    }

    @Test
    void keysAndStatesAreChecked() {
        assertThat(NocRequests.idempotencyKey(null)).isNull();
        assertThat(NocRequests.idempotencyKey("6f1c2a8e-1b7e-4a55-9d7e-0a5c1d7f9e21"))
                .isEqualTo("6f1c2a8e-1b7e-4a55-9d7e-0a5c1d7f9e21");
        assertBadRequest(() -> NocRequests.idempotencyKey("short"), "Idempotency-Key must be 8 to 128");
        assertBadRequest(() -> NocRequests.idempotencyKey("has spaces in it"), "Idempotency-Key");
        assertThat(NocRequests.includeResolved(null)).isFalse();
        assertThat(NocRequests.includeResolved("open")).isFalse();
        assertThat(NocRequests.includeResolved("ALL")).isTrue();
        assertBadRequest(() -> NocRequests.includeResolved("closed"), "unknown state 'closed'");
    }

    @Test
    void theCommandWrittenIsTheOneTheTopologyReads() {
        NocCommand intent = NocRequests.declare(declare("{\"services\":[\"MAIL\"],\"regions\":[\"west\"]}"), "a",
                NOW);
        NocCommand command = new NocCommand("key-12345678", intent.action(), intent.actor(), NOW, null, null, null,
                null, intent.services(), intent.regions(), Set.of(), null, null, null);
        assertThat(EventJson.read(EventJson.write(command), NocCommand.class)).isEqualTo(command);
        assertThat(List.copyOf(command.services())).containsExactly(Service.MAIL);
    }

    private static NocRequests.DeclareRequest declare(String json) {
        return NocRequests.read(bytes(json), NocRequests.DeclareRequest.class, null);
    }

    private static NocRequests.AnnotateRequest annotate(String json) {
        return NocRequests.read(bytes(json), NocRequests.AnnotateRequest.class, null);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertBadRequest(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(NocApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
