package io.faultline.notifier.statuspage;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link StatusView} as the public HTML page and as an Atom feed of incident updates. The page works
 * without script (times in UTC); a few lines of script show times in the reader's own zone. Every text that comes
 * from an event is escaped.
 */
public final class StatusPageRenderer {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String pageTitle;
    private final String basePath;

    /**
     * @param pageTitle the page heading, e.g. "Meridian network status"
     * @param basePath  where the page is served, e.g. {@code /status}; the JSON and feed sit beside it
     */
    public StatusPageRenderer(String pageTitle, String basePath) {
        this.pageTitle = pageTitle;
        this.basePath = basePath;
    }

    /** The HTML page. */
    public String html(StatusView view) {
        StringBuilder html = new StringBuilder(8_192);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"60\">")
                .append("<title>").append(escape(pageTitle)).append("</title>")
                .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incident updates\" href=\"")
                .append(escape(basePath)).append("/feed.atom\">")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        html.append("<header><h1>").append(escape(pageTitle)).append("</h1>");
        if (view.allOperational()) {
            html.append("<p class=\"banner ok\" id=\"summary\">All services are operating normally")
                    .append(filterText(view)).append(".</p>");
        } else {
            html.append("<p class=\"banner down\" id=\"summary\">").append(view.current().size())
                    .append(view.current().size() == 1 ? " incident is" : " incidents are")
                    .append(" affecting customers").append(filterText(view)).append(".</p>");
        }
        if (view.region() != null || view.service() != null) {
            html.append("<p><a href=\"").append(escape(basePath)).append("\">Show every region and service</a></p>");
        }
        html.append("</header>\n<main>\n");
        regions(html, view);
        html.append("<section id=\"current\"><h2>Current incidents</h2>\n");
        if (view.current().isEmpty()) {
            html.append("<p class=\"none\">No current incident.</p>\n");
        }
        view.current().forEach(incident -> incident(html, incident));
        html.append("</section>\n<section id=\"recent\"><h2>Resolved recently</h2>\n");
        if (view.recent().isEmpty()) {
            html.append("<p class=\"none\">No incident was resolved recently.</p>\n");
        }
        view.recent().forEach(incident -> incident(html, incident));
        html.append("</section>\n</main>\n<footer>Updated ").append(time(view.generatedAt()))
                .append(" · <a href=\"").append(escape(basePath)).append(".json\">JSON</a>")
                .append(" · <a href=\"").append(escape(basePath)).append("/feed.atom\">Atom feed</a></footer>\n")
                .append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    /** The Atom feed: one entry per step of every incident in the view, newest first. */
    public String atom(StatusView view, String absoluteBase) {
        List<Step> steps = new ArrayList<>();
        for (List<Incident> incidents : List.of(view.current(), view.recent())) {
            for (Incident incident : incidents) {
                incident.timeline().forEach(entry -> steps.add(new Step(incident, entry)));
            }
        }
        steps.sort(Comparator.comparing((Step step) -> step.entry().at()).reversed()
                .thenComparing(step -> step.incident().reference()));
        Instant updated = steps.isEmpty() ? view.generatedAt() : steps.getFirst().entry().at();
        StringBuilder atom = new StringBuilder(8_192);
        atom.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
                .append("<title>").append(escape(pageTitle)).append("</title>")
                .append("<id>").append(escape(absoluteBase)).append("</id>")
                .append("<link rel=\"self\" href=\"").append(escape(absoluteBase)).append("/feed.atom\"/>")
                .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(absoluteBase))
                .append("\"/>")
                .append("<updated>").append(updated).append("</updated>")
                .append("<author><name>").append(escape(pageTitle)).append("</name></author>\n");
        for (Step step : steps) {
            Incident incident = step.incident();
            TimelineEntry entry = step.entry();
            atom.append("<entry><id>").append(escape(absoluteBase)).append("/").append(escape(incident.reference()))
                    .append("/v").append(entry.version()).append("</id>")
                    .append("<title>").append(escape(stageLabel(entry.stage()) + ": " + incident.title()))
                    .append("</title>")
                    .append("<link href=\"").append(escape(absoluteBase)).append("#")
                    .append(escape(incident.reference())).append("\"/>")
                    .append("<updated>").append(entry.at()).append("</updated>")
                    .append("<summary>").append(escape(describe(entry))).append("</summary></entry>\n");
        }
        return atom.append("</feed>\n").toString();
    }

    /** The plain words of one step, as shown in the timeline and the feed. */
    static String describe(TimelineEntry entry) {
        String services = services(entry.services());
        String regions = String.join(", ", sorted(entry.regions()));
        String text = switch (entry.stage()) {
            case DETECTED -> "We are investigating a problem with " + services + " in " + regions + ".";
            case UPDATED -> "Affected now: " + services + " in " + regions + ".";
            case REOPENED -> "The problem is back: " + services + " in " + regions + ".";
            case RESOLVED -> entry.mergedInto() == null ? "Resolved: " + services + " working again in " + regions + "."
                    : "This incident is now followed as " + entry.mergedInto() + ".";
        };
        if (entry.eta() != null && entry.stage() != OutageStatus.RESOLVED) {
            text += " Expected restoration: " + UTC_TIME.format(entry.eta()) + ".";
        }
        if (entry.publicMessage() != null && !entry.publicMessage().isBlank()) {
            text += " " + entry.publicMessage().strip();
        }
        return text;
    }

    private record Step(Incident incident, TimelineEntry entry) {
    }

    private void regions(StringBuilder html, StatusView view) {
        if (view.byRegion().isEmpty()) {
            return;
        }
        html.append("<section id=\"regions\"><h2>By region and service</h2><table><thead><tr><th>Region</th>");
        for (Service service : Service.values()) {
            html.append("<th><a href=\"").append(escape(link(view.region(), service))).append("\">")
                    .append(serviceName(service)).append("</a></th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, Set<Service>> region : view.byRegion().entrySet()) {
            html.append("<tr data-region=\"").append(escape(region.getKey())).append("\"><th><a href=\"")
                    .append(escape(link(region.getKey(), view.service()))).append("\">")
                    .append(escape(region.getKey())).append("</a></th>");
            for (Service service : Service.values()) {
                boolean down = region.getValue().contains(service);
                html.append(down ? "<td class=\"down\">Outage</td>" : "<td class=\"ok\">Working</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    private void incident(StringBuilder html, Incident incident) {
        html.append("<article class=\"incident ").append(incident.open() ? "open" : "resolved")
                .append("\" id=\"").append(escape(incident.reference())).append("\">")
                .append("<h3>").append(escape(incident.title())).append("</h3>")
                .append("<p class=\"meta\"><span class=\"stage\">").append(stageLabel(incident.stage()))
                .append("</span> · Ref ").append(escape(incident.reference()))
                .append(" · ").append(services(incident.services()))
                .append(" · ").append(escape(String.join(", ", sorted(incident.regions()))))
                .append("</p><p class=\"meta\">Since ").append(time(incident.startedAt()));
        if (incident.endedAt() != null) {
            html.append(" · Ended ").append(time(incident.endedAt()));
        } else if (incident.eta() != null) {
            html.append(" · Expected restoration ").append(time(incident.eta()));
        } else {
            html.append(" · No restoration estimate yet");
        }
        html.append("</p>");
        if (incident.publicMessage() != null && !incident.publicMessage().isBlank()) {
            html.append("<p class=\"message\">").append(escape(incident.publicMessage().strip())).append("</p>");
        }
        html.append("<ol class=\"timeline\" reversed>");
        for (TimelineEntry entry : incident.timeline().reversed()) {
            html.append("<li>").append(time(entry.at())).append(" <strong>").append(stageLabel(entry.stage()))
                    .append("</strong> ").append(escape(describe(entry))).append("</li>");
        }
        html.append("</ol></article>\n");
    }

    private String link(String region, Service service) {
        List<String> query = new ArrayList<>();
        if (region != null) {
            query.add("region=" + URLEncoder.encode(region, StandardCharsets.UTF_8));
        }
        if (service != null) {
            query.add("service=" + service.name());
        }
        return query.isEmpty() ? basePath : basePath + "?" + String.join("&", query);
    }

    private static String filterText(StatusView view) {
        StringBuilder text = new StringBuilder();
        if (view.service() != null) {
            text.append(" for ").append(serviceName(view.service()));
        }
        if (view.region() != null) {
            text.append(" in ").append(escape(view.region()));
        }
        return text.toString();
    }

    static String stageLabel(OutageStatus stage) {
        return switch (stage) {
            case DETECTED -> "Investigating";
            case UPDATED -> "Update";
            case REOPENED -> "Reopened";
            case RESOLVED -> "Resolved";
        };
    }

    private static String services(Collection<Service> services) {
        return services.isEmpty() ? "no service" : EnumSet.copyOf(services).stream().map(StatusPageRenderer::serviceName)
                .collect(Collectors.joining(", "));
    }

    private static String serviceName(Service service) {
        return switch (service) {
            case VOICE -> "Calls";
            case SMS -> "Text messages";
            case DATA -> "Mobile data";
            case VOICEMAIL -> "Voicemail";
            case MAIL -> "Email";
        };
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }

    private static String time(Instant instant) {
        return "<time datetime=\"" + instant + "\">" + UTC_TIME.format(instant) + "</time>";
    }

    /** Escapes text for HTML and XML content and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        escaped.append(' ');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:60rem;\
            padding:1rem;color:#1d2330;line-height:1.45}
            h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem}h3{margin:.2rem 0}
            .banner{padding:.8rem 1rem;border-radius:.4rem;font-weight:600}
            .banner.ok{background:#e3f6e8;color:#14532d}.banner.down{background:#fde8e8;color:#7f1d1d}
            table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;\
            text-align:left}td.down{background:#fde8e8;color:#7f1d1d;font-weight:600}td.ok{color:#14532d}
            .incident{border:1px solid #d5d9e0;border-left:.4rem solid #b91c1c;border-radius:.4rem;padding:.6rem 1rem;\
            margin:.8rem 0}.incident.resolved{border-left-color:#15803d}.meta{margin:.2rem 0;color:#4b5563;font-size:.9rem}
            .stage{font-weight:700;color:#1d2330}.message{background:#f3f4f6;padding:.5rem;border-radius:.3rem}
            .timeline{font-size:.9rem;padding-left:1.4rem}.none{color:#4b5563}footer{margin-top:2rem;color:#4b5563;\
            font-size:.85rem}a{color:#1d4ed8}
            """;

    private static final String SCRIPT = """
            document.querySelectorAll('time[datetime]').forEach(function (t) {
              var d = new Date(t.getAttribute('datetime'));
              if (!isNaN(d)) { t.title = t.textContent; t.textContent = d.toLocaleString(undefined,
                {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
                timeZoneName: 'short'}); t.dataset.local = 'yes'; }
            });
            document.body.dataset.ready = 'yes';
            """;
}
