package io.faultline.notifier.statuspage;

import static io.faultline.notifier.OutageEventBuilder.outage;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.OutageEventBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StatusPageRendererTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");

    private final StatusBoard board = new StatusBoard(Duration.ofDays(7));
    private final StatusPageRenderer renderer = new StatusPageRenderer("Meridian network status", "/status");

    @Test
    void anEmptyBoardSaysEverythingWorks() {
        String html = renderer.html(board.view(T0, null, null));

        assertThat(html).contains("All services are operating normally.", "No current incident.")
                .doesNotContain("id=\"regions\"");
    }

    @Test
    void theHtmlShowsEachIncidentWithItsTimelineAndEscapesWhatTheNocWrote() {
        OutageEventBuilder outage = outage("OUT-7").title("Calls <fail> & texts").services(Service.VOICE)
                .regions("london").changedBy("noc-alice", "ANNOTATE", "internal: blame vendor X");
        board.record(outage.event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage.publicMessage("Engineers are on site <b>now</b>.").eta(T0.plusSeconds(7200))
                .event(OutageStatus.UPDATED, 2, T0.plusSeconds(600)), T0);

        String html = renderer.html(board.view(T0.plusSeconds(700), null, null));

        assertThat(html).contains("1 incident is affecting customers.", "id=\"OUT-7\"",
                        "Calls &lt;fail&gt; &amp; texts", "Engineers are on site &lt;b&gt;now&lt;/b&gt;.",
                        "Expected restoration <time datetime=\"2018-12-06T07:30:00Z\">6 Dec 2018, 07:30 UTC</time>",
                        "<strong>Investigating</strong> We are investigating a problem with Calls in london.",
                        "<strong>Update</strong> Affected now: Calls in london.",
                        "<tr data-region=\"london\">", "<td class=\"down\">Outage</td>")
                .doesNotContain("<b>now</b>", "noc-alice", "blame vendor", "ALM-OUT-7");
        assertThat(html.indexOf("<strong>Update</strong>")).as("newest step first")
                .isLessThan(html.indexOf("<strong>Investigating</strong>"));
    }

    @Test
    void aMergedIncidentPointsToTheOneThatGoesOn() {
        board.record(outage("OUT-A").event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage("OUT-A").mergedInto("OUT-B").event(OutageStatus.RESOLVED, 2, T0.plusSeconds(60)), T0);

        assertThat(renderer.html(board.view(T0.plusSeconds(120), null, null)))
                .contains("This incident is now followed as OUT-B.", "No current incident.");
    }

    @Test
    void theAtomFeedIsWellFormedWithOneEntryPerStepNewestFirst() throws Exception {
        OutageEventBuilder first = outage("OUT-1").title("Data & voicemail");
        board.record(first.event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(first.event(OutageStatus.RESOLVED, 2, T0.plusSeconds(3600)), T0);
        board.record(outage("OUT-2").event(OutageStatus.DETECTED, 1, T0.plusSeconds(1800)), T0);

        String atom = renderer.atom(board.view(T0.plusSeconds(4000), null, null), "https://status.example/status");

        Document feed = DocumentBuilderFactory.newNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(atom.getBytes(StandardCharsets.UTF_8)));
        assertThat(feed.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(text(feed.getDocumentElement(), "updated")).isEqualTo("2018-12-06T06:30:00Z");
        NodeList entries = feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertThat(entries.getLength()).isEqualTo(3);
        Element newest = (Element) entries.item(0);
        assertThat(text(newest, "title")).isEqualTo("Resolved: Data & voicemail");
        assertThat(text(newest, "id")).isEqualTo("https://status.example/status/OUT-1/v2");
        assertThat(text(newest, "summary")).isEqualTo("Resolved: Mobile data working again in north-west.");
        assertThat(text((Element) entries.item(1), "title")).isEqualTo("Investigating: Mobile data unavailable");
        assertThat(text((Element) entries.item(2), "id")).isEqualTo("https://status.example/status/OUT-1/v1");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS("http://www.w3.org/2005/Atom", tag).item(0).getTextContent();
    }
}
