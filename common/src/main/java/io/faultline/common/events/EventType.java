package io.faultline.common.events;

import java.util.Objects;

/**
 * A CloudEvents {@code type}: reverse-DNS name and a schema version, rendered as {@code name.vN}.
 *
 * @param name    e.g. {@code io.faultline.outage.detected}
 * @param version schema version, starting at 1
 */
public record EventType(String name, int version) {

    public EventType {
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }

    public static EventType of(String name, int version) {
        return new EventType(name, version);
    }

    /** The value of the {@code ce_type} header. */
    public String ceType() {
        return name + ".v" + version;
    }

    @Override
    public String toString() {
        return ceType();
    }
}
