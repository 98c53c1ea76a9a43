package io.faultline.notifier.statuspage.web;

import io.faultline.common.events.Service;
import io.faultline.notifier.statuspage.Incident;
import io.faultline.notifier.statuspage.StatusBoard;
import io.faultline.notifier.statuspage.StatusPageRenderer;
import io.faultline.notifier.statuspage.StatusView;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * The public status page: {@code /status} (HTML), {@code /status.json} and {@code /status/feed.atom}, each
 * optionally narrowed by {@code region} and {@code service}. Responses may be cached for 15 s by any cache on the
 * way (a CDN in front takes the load of a national outage) and carry a weak ETag derived from what the view shows
 * (each incident's reference, latest version and stage, and the filters), so every instance gives the same tag for
 * the same content. The feed's links are built from the configured public address of the page, never from the
 * request's host headers (a shared cache must not keep a feed pointing elsewhere).
 */
@RestController
public class StatusPageController {

    static final String BASE = "/status";
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofSeconds(15)).cachePublic();
    private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final StatusBoard board;
    private final StatusPageRenderer renderer;
    private final Clock clock;
    private final String publicAddress;

    /**
     * @param publicAddress where readers reach {@code /status} ({@code faultline.notifier.status-url}), the base of
     *                      the feed's ids and links
     */
    public StatusPageController(StatusBoard board, StatusPageRenderer renderer, Clock clock, String publicAddress) {
        this.board = board;
        this.renderer = renderer;
        this.clock = clock;
        this.publicAddress = publicAddress.endsWith("/") ? publicAddress.substring(0, publicAddress.length() - 1)
                : publicAddress;
    }

    @GetMapping(value = BASE, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(required = false) String region,
                                @RequestParam(required = false) String service, WebRequest request) {
        return respond(request, "html", region, service, MediaType.parseMediaType("text/html;charset=UTF-8"),
                renderer::html);
    }

    @GetMapping(value = BASE + ".json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StatusView> json(@RequestParam(required = false) String region,
                                    @RequestParam(required = false) String service, WebRequest request) {
        return respond(request, "json", region, service, MediaType.APPLICATION_JSON, view -> view);
    }

    @GetMapping(value = BASE + "/feed.atom", produces = "application/atom+xml")
    ResponseEntity<String> feed(@RequestParam(required = false) String region,
                                @RequestParam(required = false) String service, WebRequest request) {
        return respond(request, "atom", region, service, ATOM, view -> renderer.atom(view, publicAddress));
    }

    private <T> ResponseEntity<T> respond(WebRequest request, String format, String region, String service,
                                          MediaType type, Function<StatusView, T> body) {
        Service serviceFilter = parseService(service);
        String regionFilter = region == null || region.isBlank() ? null : region.strip();
        StatusView view = board.view(clock.instant(), regionFilter, serviceFilter);
        String etag = contentTag(format, view);
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CACHE).build();
        }
        return ResponseEntity.ok().contentType(type).cacheControl(CACHE).eTag(etag).body(body.apply(view));
    }

    /** A weak tag of what the view shows: the same on every instance for the same incidents and filters. */
    static String contentTag(String format, StatusView view) {
        StringBuilder key = new StringBuilder(format).append('|').append(view.region()).append('|')
                .append(view.service());
        for (List<Incident> incidents : List.of(view.current(), view.recent())) {
            key.append('#');
            for (Incident incident : incidents) {
                key.append(incident.reference()).append(':').append(incident.timeline().getLast().version())
                        .append(':').append(incident.stage()).append(';');
            }
        }
        return "W/\"" + format + "-" + Integer.toHexString(key.toString().hashCode()) + "\"";
    }

    private static Service parseService(String service) {
        if (service == null || service.isBlank()) {
            return null;
        }
        try {
            return Service.valueOf(service.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown service '" + service
                    + "'; one of " + Arrays.toString(Service.values()));
        }
    }
}
