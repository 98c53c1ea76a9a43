package io.faultline.detector.noc;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The NOC's REST API over outages (role {@code NOC}, HTTP basic): list and read them with their history; declare,
 * annotate, merge and resolve them by hand. Commands answer 202 Accepted once recorded; the outage manager applies
 * them within moments and publishes the result on outages.v1 with the authenticated user as actor. Errors are RFC
 * 9457 problems: 400 bad input, 404 unknown outage, 409 outage not open (or a merge into itself), 422 an
 * {@code Idempotency-Key} reused for another request, 503 store not queryable here (with {@code Retry-After}
 * while rebalancing).
 */
@RestController
@RequestMapping("/api/noc/outages")
public class NocOutageController {

    /** Optional request header: a retried request with the same key acts once. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final NocOutageService outages;

    NocOutageController(NocOutageService outages) {
        this.outages = outages;
    }

    /** {@code ?state=open} (default) or {@code ?state=all} (with the recently resolved ones). */
    @GetMapping
    List<OutageSummary> list(@RequestParam(name = "state", required = false) String state) {
        return outages.list(NocRequests.includeResolved(state));
    }

    @GetMapping("/{id}")
    OutageDetail get(@PathVariable("id") String id) {
        return outages.get(id);
    }

    @PostMapping
    ResponseEntity<CommandAccepted> declare(@RequestBody(required = false) byte[] body,
                                            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                            Principal user) {
        NocRequests.DeclareRequest request = NocRequests.read(body, NocRequests.DeclareRequest.class, null);
        return accepted(outages.declare(request, user.getName(), NocRequests.idempotencyKey(key)));
    }

    @PostMapping("/{id}/annotations")
    ResponseEntity<CommandAccepted> annotate(@PathVariable("id") String id,
                                             @RequestBody(required = false) byte[] body,
                                             @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                             Principal user) {
        NocRequests.AnnotateRequest request = NocRequests.read(body, NocRequests.AnnotateRequest.class, null);
        return accepted(outages.annotate(id, request, user.getName(), NocRequests.idempotencyKey(key)));
    }

    @PostMapping("/{id}/merge")
    ResponseEntity<CommandAccepted> merge(@PathVariable("id") String id, @RequestBody(required = false) byte[] body,
                                          @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                          Principal user) {
        NocRequests.MergeRequest request = NocRequests.read(body, NocRequests.MergeRequest.class, null);
        return accepted(outages.merge(id, request, user.getName(), NocRequests.idempotencyKey(key)));
    }

    @PostMapping("/{id}/resolve")
    ResponseEntity<CommandAccepted> resolve(@PathVariable("id") String id, @RequestBody(required = false) byte[] body,
                                            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                            Principal user) {
        NocRequests.ResolveRequest request = NocRequests.read(body, NocRequests.ResolveRequest.class,
                new NocRequests.ResolveRequest(null));
        return accepted(outages.resolve(id, request, user.getName(), NocRequests.idempotencyKey(key)));
    }

    private static ResponseEntity<CommandAccepted> accepted(CommandAccepted accepted) {
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/noc/outages/{id}")
                .buildAndExpand(accepted.outageId()).toUri();
        return ResponseEntity.accepted().location(location).body(accepted);
    }
}
