package io.faultline.common.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that is not a valid event: unreadable JSON, a missing required field, an unknown enum value.
 * The message says what is wrong in words an operator understands; it ends up in the dead-letter record.
 */
public class InvalidEventException extends SerializationException {

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidEventException(String message) {
        super(message);
    }
}
