package io.faultline.common.serde;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of Faultline events. Strict where it matters: a missing required field, an unknown enum
 * value, a null for a number or trailing garbage are errors that name the field. Unknown extra fields are
 * ignored so that producers can add optional fields within a schema version.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new InvalidEventException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads an event of the given type or throws {@link InvalidEventException} with a readable reason. */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty record value: a " + type.getSimpleName() + " was expected");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new InvalidEventException("invalid " + type.getSimpleName() + ": " + describe(e), e);
        }
        if (value == null) {
            throw new InvalidEventException("invalid " + type.getSimpleName()
                    + ": the JSON value is null (a tombstone is a record without a value, not the text null)");
        }
        return value;
    }

    public static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(JacksonException e) {
        String path = e.getPathReference() == null ? "" : pathOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException iae) {
            return iae.getMessage() + path;
        }
        if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            return "unknown value '" + ife.getValue() + "' for field " + fieldName(e) + ", expected one of "
                    + java.util.Arrays.toString(ife.getTargetType().getEnumConstants());
        }
        if (e instanceof InvalidTypeIdException itie) {
            return describeTypeId(itie);
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot map `null` into type")) {
            return "missing required field " + fieldName(e);
        }
        if (e instanceof MismatchedInputException) {
            return e.getOriginalMessage() + path;
        }
        return e.getOriginalMessage() + path;
    }

    private static String describeTypeId(InvalidTypeIdException e) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : findAnnotation(base, JsonTypeInfo.class);
        String property = info == null ? "type" : info.property();
        if (e.getTypeId() == null) {
            return "missing required field '" + property + "'";
        }
        JsonSubTypes subTypes = findAnnotation(base, JsonSubTypes.class);
        String known = subTypes == null ? "" : ", expected one of " + java.util.Arrays.stream(subTypes.value())
                .map(JsonSubTypes.Type::name).toList();
        return "unknown value '" + e.getTypeId() + "' for field '" + property + "'" + known;
    }

    private static <A extends java.lang.annotation.Annotation> A findAnnotation(Class<?> type, Class<A> annotation) {
        if (type == null) {
            return null;
        }
        A found = type.getAnnotation(annotation);
        if (found != null) {
            return found;
        }
        for (Class<?> parent : type.getInterfaces()) {
            found = findAnnotation(parent, annotation);
            if (found != null) {
                return found;
            }
        }
        return findAnnotation(type.getSuperclass(), annotation);
    }

    private static String pathOf(JacksonException e) {
        String field = fieldName(e);
        return field.isEmpty() ? "" : " (at " + field + ")";
    }

    private static String fieldName(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : "'" + sb + "'";
    }
}
