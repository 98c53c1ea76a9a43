package io.faultline.detector.noc;

import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.Service;
import io.faultline.detector.detection.NocCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies of the NOC API's commands and their validation. Everything a NOC engineer can get wrong is checked
 * here, before anything is written, and refused with a message that says what to send instead
 * ({@link NocApiException#badRequest}). Checks against the outages' state (unknown, closed) are made by the
 * service on the store.
 */
public final class NocRequests {

    static final int TITLE_MAX = 200;
    static final int MESSAGE_MAX = 1_000;
    static final int NOTE_MAX = 2_000;
    static final int NAME_MAX = 100;
    static final int SCOPE_MAX = 1_000;
    static final int OUTAGE_ID_MAX = 200;
    /** An ETA this far in the past is still accepted (clock skew between the NOC's tools and the detector). */
    static final Duration ETA_SKEW = Duration.ofMinutes(1);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private NocRequests() {
    }

    /**
     * {@code POST /api/noc/outages}: declares an outage by hand.
     *
     * @param title         public title; derived from the scope when absent
     * @param severity      CRITICAL, MAJOR (default) or MINOR
     * @param services      services affected, at least one: VOICE, SMS, DATA, VOICEMAIL, MAIL
     * @param regions       regions affected
     * @param elements      network elements affected (their descendants join the scope); regions or elements
     *                      are required
     * @param publicMessage message for customers and the status page
     * @param eta           expected restoration, ISO-8601 with a zone ({@code 2026-03-01T18:00:00Z})
     * @param note          recorded in the outage's history
     */
    public record DeclareRequest(String title, String severity, List<String> services, List<String> regions,
                                 List<String> elements, String publicMessage, String eta, String note) {
    }

    /**
     * {@code POST /api/noc/outages/{id}/annotations}: a new public message and/or ETA (at least one).
     *
     * @param publicMessage message for customers and the status page, replaces the current one
     * @param eta           expected restoration, ISO-8601 with a zone
     * @param note          recorded in the outage's history
     */
    public record AnnotateRequest(String publicMessage, String eta, String note) {
    }

    /**
     * {@code POST /api/noc/outages/{id}/merge}: the outage ends, merged into another open one.
     *
     * @param into the open outage that goes on with both scopes
     * @param note reason, recorded in both histories
     */
    public record MergeRequest(String into, String note) {
    }

    /**
     * {@code POST /api/noc/outages/{id}/resolve}: the outage ends now (the body is optional).
     *
     * @param note reason, recorded in the history and on the RESOLVED event
     */
    public record ResolveRequest(String note) {
    }

    /** Reads a request body strictly: unknown fields, duplicates and trailing garbage are refused. */
    static <T> T read(byte[] body, Class<T> type, T whenEmpty) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (whenEmpty != null) {
                return whenEmpty;
            }
            throw NocApiException.badRequest("a JSON object is required as the request body, fields: "
                    + fields(type));
        }
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw NocApiException.badRequest("a JSON object is required as the request body, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw NocApiException.badRequest("unknown field '" + e.getPropertyName() + "', expected "
                    + fields(type));
        } catch (JacksonException e) {
            String at = e.getPath().stream().map(JacksonException.Reference::getPropertyName)
                    .filter(name -> name != null).collect(Collectors.joining("."));
            throw NocApiException.badRequest("invalid request body" + (at.isEmpty() ? "" : " at '" + at + "'")
                    + ": " + e.getOriginalMessage());
        }
    }

    /** The command a declaration asks for, without command id and time (given when it is written). */
    static NocCommand declare(DeclareRequest request, String actor, Instant now) {
        Set<Service> services = services(request.services());
        Set<String> regions = names(request.regions(), "regions");
        Set<String> elements = names(request.elements(), "elements");
        if (regions.isEmpty() && elements.isEmpty()) {
            throw NocApiException.badRequest("a declared outage needs a place: 'regions' and/or 'elements' "
                    + "(a platform element scopes it to the customers homed on it)");
        }
        return new NocCommand(null, NocCommand.Action.DECLARE, actor, null, null, null,
                text(request.title(), "title", TITLE_MAX), severity(request.severity()), services, regions,
                elements, text(request.publicMessage(), "publicMessage", MESSAGE_MAX), eta(request.eta(), now),
                text(request.note(), "note", NOTE_MAX));
    }

    static NocCommand annotate(String outageId, AnnotateRequest request, String actor, Instant now) {
        if (request.publicMessage() != null && request.publicMessage().isBlank()) {
            throw NocApiException.badRequest("'publicMessage' must not be blank: omit it to keep the current "
                    + "message");
        }
        String message = text(request.publicMessage(), "publicMessage", MESSAGE_MAX);
        Instant eta = eta(request.eta(), now);
        if (message == null && eta == null) {
            throw NocApiException.badRequest("an annotation needs 'publicMessage' and/or 'eta'");
        }
        return new NocCommand(null, NocCommand.Action.ANNOTATE, actor, null, outageId(outageId), null, null, null,
                null, null, null, message, eta, text(request.note(), "note", NOTE_MAX));
    }

    static NocCommand merge(String outageId, MergeRequest request, String actor) {
        if (request.into() == null || request.into().isBlank()) {
            throw NocApiException.badRequest("'into' is required: the id of the open outage to merge into");
        }
        return new NocCommand(null, NocCommand.Action.MERGE, actor, null, outageId(outageId),
                outageId(request.into().trim()), null, null, null, null, null, null, null,
                text(request.note(), "note", NOTE_MAX));
    }

    static NocCommand resolve(String outageId, ResolveRequest request, String actor) {
        return new NocCommand(null, NocCommand.Action.RESOLVE, actor, null, outageId(outageId), null, null, null,
                null, null, null, null, null, text(request.note(), "note", NOTE_MAX));
    }

    /** The command id an {@code Idempotency-Key} header gives, or null without the header. */
    static String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(header).matches()) {
            throw NocApiException.badRequest("Idempotency-Key must be 8 to 128 characters among letters, digits "
                    + "and . _ : - (a UUID is a good key)");
        }
        return header;
    }

    /** {@code open} (default) or {@code all}: whether resolved outages are listed too. */
    static boolean includeResolved(String state) {
        if (state == null || state.equalsIgnoreCase("open")) {
            return false;
        }
        if (state.equalsIgnoreCase("all")) {
            return true;
        }
        throw NocApiException.badRequest("unknown state '" + state + "', expected open or all");
    }

    static String outageId(String outageId) {
        if (outageId == null || outageId.isBlank() || outageId.length() > OUTAGE_ID_MAX) {
            throw NocApiException.badRequest("an outage id has 1 to " + OUTAGE_ID_MAX + " characters");
        }
        return outageId;
    }

    private static Set<Service> services(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw NocApiException.badRequest("'services' is required: at least one of "
                    + Arrays.toString(Service.values()));
        }
        Set<Service> services = new LinkedHashSet<>();
        for (String name : names) {
            services.add(constant(Service.class, name, "services"));
        }
        return services;
    }

    private static OutageSeverity severity(String name) {
        return name == null ? null : constant(OutageSeverity.class, name, "severity");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String field) {
        String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(upper)) {
                return value;
            }
        }
        throw NocApiException.badRequest("unknown " + field + " '" + name + "', expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    private static Set<String> names(Collection<String> values, String field) {
        if (values == null) {
            return Set.of();
        }
        if (values.size() > SCOPE_MAX) {
            throw NocApiException.badRequest("'" + field + "' has more than " + SCOPE_MAX + " entries");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank() || value.trim().length() > NAME_MAX) {
                throw NocApiException.badRequest("'" + field + "' entries have 1 to " + NAME_MAX + " characters");
            }
            names.add(value.trim());
        }
        return names;
    }

    /** Trimmed text, null when absent or blank. */
    private static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw NocApiException.badRequest("'" + field + "' is longer than " + max + " characters");
        }
        return trimmed;
    }

    private static Instant eta(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant eta;
        try {
            eta = OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw NocApiException.badRequest("'eta' must be an ISO-8601 date-time with a zone, e.g. "
                    + "2026-03-01T18:00:00Z or 2026-03-01T19:00:00+01:00, was '" + value + "'");
        }
        if (eta.isBefore(now.minus(ETA_SKEW))) {
            throw NocApiException.badRequest("'eta' " + eta + " is in the past");
        }
        return eta;
    }

    private static String fields(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList()
                .toString();
    }
}
