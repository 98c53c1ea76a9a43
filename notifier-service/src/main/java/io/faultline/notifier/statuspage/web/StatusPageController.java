package io.faultline.notifier.statuspage.web;

import io.faultline.common.events.Service;
import io.faultline.notifier.statuspage.StatusBoard;
import io.faultline.notifier.statuspage.StatusPageRenderer;
import io.faultline.notifier.statuspage.StatusView;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public status page: {@code /status} (HTML), {@code /status.json} and {@code /status/feed.atom}, each
 * optionally narrowed by {@code region} and {@code service}. Responses may be cached for 15 s by any cache on the
 * way (a CDN in front takes the load of a national outage) and carry an ETag that changes with the board.
 */
@RestController
public class StatusPageController {

    static final String BASE = "/status";
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofSeconds(15)).cachePublic();
    private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

    private final StatusBoard board;
    private final StatusPageRenderer renderer;
    private final Clock clock;

    public StatusPageController(StatusBoard board, StatusPageRenderer renderer, Clock clock) {
        this.board = board;
        this.renderer = renderer;
        this.clock = clock;
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
        String absoluteBase = ServletUriComponentsBuilder.fromCurrentContextPath().path(BASE).toUriString();
        return respond(request, "atom", region, service, ATOM, view -> renderer.atom(view, absoluteBase));
    }

    private <T> ResponseEntity<T> respond(WebRequest request, String format, String region, String service,
                                          MediaType type, Function<StatusView, T> body) {
        Service serviceFilter = parseService(service);
        String regionFilter = region == null || region.isBlank() ? null : region.strip();
        long minute = clock.millis() / 60_000;
        String etag = "\"" + format + "-" + board.revision() + "-" + minute + "-"
                + Integer.toHexString((regionFilter + "|" + serviceFilter).hashCode()) + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CACHE).build();
        }
        StatusView view = board.view(clock.instant(), regionFilter, serviceFilter);
        return ResponseEntity.ok().contentType(type).cacheControl(CACHE).eTag(etag).body(body.apply(view));
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
