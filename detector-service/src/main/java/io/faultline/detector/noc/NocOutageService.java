package io.faultline.detector.noc;

import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.detection.NocCommand;
import io.faultline.detector.detection.OutageManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * What the NOC API does: reads outages from the manager's store, checks a command against their state, and
 * records it for the outage manager, which applies it exactly once and publishes the result on outages.v1.
 * <p>
 * <b>Idempotency.</b> A command's id is the request's {@code Idempotency-Key} (or a random UUID). A retried
 * request answers as the first one did and writes nothing new once the manager has applied the command; before
 * that it writes the same command again (same id and time, so the same declared outage id), which the manager
 * ignores if the first one arrived. Reusing a key for a different request is refused (422) while this instance
 * remembers the key; after that the manager ignores it.
 */
@Service
public class NocOutageService {

    private static final Logger log = LoggerFactory.getLogger(NocOutageService.class);
    /** Keys remembered for retries, beyond what the manager's store answers. */
    static final int REMEMBERED_KEYS = 10_000;

    private final OutageStoreQueries store;
    private final NocCommandWriter writer;
    private final Clock clock;
    private final Map<String, Remembered> recentKeys = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    @Autowired
    NocOutageService(OutageStoreQueries store, NocCommandWriter writer) {
        this(store, writer, Clock.systemUTC());
    }

    NocOutageService(OutageStoreQueries store, NocCommandWriter writer, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    /** A command as requested (without id and time) and when it was first accepted here. */
    private record Remembered(NocCommand intent, Instant at) {
    }

    /** Open outages (or all kept ones), the most recent first. */
    public List<OutageSummary> list(boolean includeResolved) {
        return store.outages().stream()
                .filter(outage -> includeResolved || outage.open())
                .sorted(Comparator.comparing((ManagedOutage outage) -> outage.snapshot().startedAt()).reversed()
                        .thenComparing(ManagedOutage::id))
                .map(OutageSummary::of)
                .toList();
    }

    public OutageDetail get(String outageId) {
        return OutageDetail.of(existing(outageId));
    }

    public CommandAccepted declare(NocRequests.DeclareRequest request, String actor, String idempotencyKey) {
        Instant now = now();
        return submit(NocRequests.declare(request, actor, now), idempotencyKey, now, () -> {
        });
    }

    public CommandAccepted annotate(String outageId, NocRequests.AnnotateRequest request, String actor,
                                    String idempotencyKey) {
        Instant now = now();
        return submit(NocRequests.annotate(outageId, request, actor, now), idempotencyKey, now,
                () -> open(existing(outageId), "annotated"));
    }

    public CommandAccepted merge(String outageId, NocRequests.MergeRequest request, String actor,
                                 String idempotencyKey) {
        NocCommand intent = NocRequests.merge(outageId, request, actor);
        return submit(intent, idempotencyKey, now(), () -> {
            if (intent.intoOutageId().equals(outageId)) {
                throw NocApiException.conflict("cannot merge outage " + outageId + " into itself");
            }
            ManagedOutage source = existing(outageId);
            ManagedOutage into = store.outage(intent.intoOutageId()).orElseThrow(() -> NocApiException.notFound(
                    "no outage " + intent.intoOutageId() + " to merge into"));
            open(source, "merged");
            if (!into.open()) {
                throw NocApiException.conflict("outage " + into.id() + " is " + into.status()
                        + ": only an open outage can absorb another one");
            }
        });
    }

    public CommandAccepted resolve(String outageId, NocRequests.ResolveRequest request, String actor,
                                   String idempotencyKey) {
        return submit(NocRequests.resolve(outageId, request, actor), idempotencyKey, now(),
                () -> open(existing(outageId), "resolved"));
    }

    private CommandAccepted submit(NocCommand intent, String idempotencyKey, Instant now, Runnable checkState) {
        if (idempotencyKey != null) {
            Remembered remembered;
            synchronized (recentKeys) {
                remembered = recentKeys.get(idempotencyKey);
            }
            if (remembered != null && !remembered.intent().equals(intent)) {
                throw NocApiException.keyReused("Idempotency-Key " + idempotencyKey + " was used for a different "
                        + "request: use a new key for a new request");
            }
            Optional<Instant> applied = store.commandApplied(idempotencyKey);
            if (applied.isPresent()) {
                return accepted(intent, idempotencyKey, applied.get(), "already applied");
            }
            if (remembered != null) {
                writer.write(command(intent, idempotencyKey, remembered.at()));
                return accepted(intent, idempotencyKey, remembered.at(), "retried");
            }
        }
        checkState.run();
        String commandId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        if (idempotencyKey != null) {
            synchronized (recentKeys) {
                recentKeys.putIfAbsent(idempotencyKey, new Remembered(intent, at));
                at = recentKeys.get(idempotencyKey).at();
            }
        }
        writer.write(command(intent, commandId, at));
        return accepted(intent, commandId, at, "accepted");
    }

    private static CommandAccepted accepted(NocCommand intent, String commandId, Instant at, String how) {
        String outageId = intent.action() == NocCommand.Action.DECLARE
                ? OutageManager.declaredOutageId(commandId, at) : intent.outageId();
        log.info("NOC {} of outage {} by {} {} (command {})", intent.action(), outageId, intent.actor(), how,
                commandId);
        return new CommandAccepted(commandId, intent.action().name(), outageId);
    }

    private static NocCommand command(NocCommand intent, String commandId, Instant at) {
        return new NocCommand(commandId, intent.action(), intent.actor(), at, intent.outageId(),
                intent.intoOutageId(), intent.title(), intent.severity(), intent.services(), intent.regions(),
                intent.elements(), intent.publicMessage(), intent.eta(), intent.note());
    }

    private ManagedOutage existing(String outageId) {
        return store.outage(NocRequests.outageId(outageId))
                .orElseThrow(() -> NocApiException.notFound("no outage " + outageId
                        + " (open or resolved within the history retention)"));
    }

    private static void open(ManagedOutage outage, String what) {
        if (!outage.open()) {
            throw NocApiException.conflict("outage " + outage.id() + " is " + outage.status()
                    + (outage.snapshot().mergedInto() == null ? "" : " (merged into "
                    + outage.snapshot().mergedInto() + ")") + ": only an open outage can be " + what);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
