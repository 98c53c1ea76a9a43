package io.faultline.notifier.statuspage;

import static io.faultline.notifier.OutageEventBuilder.outage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.NotifierServers;
import io.faultline.notifier.OutageEventBuilder;
import io.faultline.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status page of a whole notifier, fed by outage events on a real broker, read over HTTP as HTML, JSON and
 * Atom, and rendered by a real headless browser (Debian's chromium), which also takes the screenshot kept as
 * docs/status-page.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"faultline.notifier.status-page.title=Meridian network status",
                "faultline.notifier.status-url=https://status.meridian.example/status"})
@DirtiesContext
class StatusPageIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static NotifierServers servers;
    private static boolean published;

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        servers = NotifierServers.start("pagepass");
        servers.register(registry, 2);
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void publishTwoIncidentsOnce() {
        if (published) {
            return;
        }
        OutageEventBuilder data = outage("OUT-PAGE-DATA").title("Mobile data down in the north")
                .services(Service.DATA).regions("north-west", "yorkshire").startedAt(NOW.minusSeconds(3600))
                .changedBy("noc-alice", "ANNOTATE", "vendor ticket 4411, do not publish");
        servers.publish(Topics.OUTAGES.name(), "OUT-PAGE-DATA", data.event(OutageStatus.DETECTED, 1,
                NOW.minusSeconds(3000)));
        servers.publish(Topics.OUTAGES.name(), "OUT-PAGE-DATA", data.services(Service.DATA, Service.VOICE)
                .publicMessage("A core router failed; traffic is being moved to the standby site.")
                .eta(NOW.plusSeconds(7200)).event(OutageStatus.UPDATED, 2, NOW.minusSeconds(1200)));
        OutageEventBuilder voicemail = outage("OUT-PAGE-VM").title("Voicemail unavailable")
                .services(Service.VOICEMAIL).regions("london").startedAt(NOW.minusSeconds(86_400));
        servers.publish(Topics.OUTAGES.name(), "OUT-PAGE-VM", voicemail.event(OutageStatus.DETECTED, 1,
                NOW.minusSeconds(86_000)));
        servers.publish(Topics.OUTAGES.name(), "OUT-PAGE-VM", voicemail.event(OutageStatus.RESOLVED, 2,
                NOW.minusSeconds(72_000)));
        published = true;
    }

    @Test
    void jsonAndAtomCarryCurrentAndRecentIncidentsWithTheirTimelines() throws Exception {
        JsonNode status = awaitBothIncidents();

        JsonNode current = status.get("current").get(0);
        assertThat(current.get("reference").asString()).isEqualTo("OUT-PAGE-DATA");
        assertThat(current.get("stage").asString()).isEqualTo("UPDATED");
        assertThat(Instant.parse(current.get("eta").asString())).isEqualTo(NOW.plusSeconds(7200));
        assertThat(current.get("publicMessage").asString()).startsWith("A core router failed");
        assertThat(status.get("recent").get(0).get("reference").asString()).isEqualTo("OUT-PAGE-VM");
        assertThat(status.get("byRegion").get("yorkshire").toString()).isEqualTo("[\"VOICE\",\"DATA\"]");
        assertThat(status.toString()).doesNotContain("noc-alice", "vendor ticket", "ALM-", "evidence");

        JsonNode london = json("/status.json?region=london");
        assertThat(london.get("current").size()).isZero();
        assertThat(london.get("recent").size()).isEqualTo(1);

        HttpResponse<String> feed = get("/status/feed.atom");
        assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/atom+xml"));
        assertThat(feed.body()).contains("<title>Update: Mobile data down in the north</title>",
                "<title>Resolved: Voicemail unavailable</title>");
        assertThat(feed.body().split("<entry>", -1)).hasSize(5);
        assertThat(feed.body()).as("links from the configured public address, not the request's host")
                .contains("<id>https://status.meridian.example/status/OUT-PAGE-VM/v2</id>");
    }

    @Test
    void theHtmlPageIsCacheableAndRefusesAnUnknownService() throws Exception {
        awaitBothIncidents();
        HttpResponse<String> page = get("/status");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("max-age=15, public");
        assertThat(page.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).startsWith("W/\""));
        String etag = page.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(url("/status")).header("If-None-Match", etag)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<String> unknown = get("/status?service=FAX");
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> voicemail = get("/status?service=VOICEMAIL");
        assertThat(voicemail.body()).contains("Voicemail unavailable").doesNotContain("Mobile data down");
    }

    @Test
    void aRealBrowserRendersThePageAndItsScriptShowsLocalTimes() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        if (chromium.isEmpty() && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run this test: .ci/run installs Debian's chromium");
        }
        assumeTrue(chromium.isPresent(), "Debian's chromium is not installed (apt-get install chromium)");
        awaitBothIncidents();

        String dom = chromium.get().inTimeZone("Asia/Kolkata").dumpDom(url("/status"));

        assertThat(dom).contains("<body data-ready=\"yes\">", "1 incident is affecting customers.",
                "Mobile data down in the north", "A core router failed", "Voicemail unavailable",
                "<tr data-region=\"yorkshire\">");
        assertThat(dom).as("every time is shown in the reader's zone (UTC+5:30) by the page's script")
                .doesNotContain("UTC</time>", "data-local=\"no\"")
                .contains("data-local=\"yes\"", "GMT+5:30</time>");
        assertThat(dom).doesNotContain("noc-alice", "vendor ticket");

        Path png = Path.of("target", "status-page.png");
        chromium.get().screenshot(url("/status"), png, 1100, 1400);
        byte[] image = Files.readAllBytes(png);
        assertThat(image).startsWith(0x89, 'P', 'N', 'G');
        assertThat(image.length).as("a rendered page, not a blank one").isGreaterThan(20_000);
    }

    /** Waits until the page shows every event published: the open incident's two steps and the resolved one. */
    private JsonNode awaitBothIncidents() {
        return await().atMost(Duration.ofSeconds(60)).until(() -> json("/status.json"),
                node -> node.get("current").size() == 1 && node.get("recent").size() == 1
                        && node.get("current").get(0).get("timeline").size() == 2
                        && node.get("recent").get(0).get("timeline").size() == 2);
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        return JsonMapper.builder().build().readTree(get(path).body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
