package io.faultline.detector.noc;

import io.faultline.common.serde.EventJson;
import io.faultline.detector.detection.NocCommand;
import io.faultline.detector.streams.DetectorTopology;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes NOC commands to {@value DetectorTopology#NOC_COMMANDS_TOPIC} (key: command id, value: the command's
 * JSON) and waits for the broker's acknowledgement. Every command goes to partition 0, so the manager applies
 * the NOC's commands in the order they were accepted (an annotation never overtakes the declaration before it),
 * whatever the topic's partition count.
 */
@Component
class NocCommandWriter {

    static final int PARTITION = 0;

    private final KafkaTemplate<String, String> template;
    private final Duration timeout;
    private final Duration retryAfter;

    NocCommandWriter(@Qualifier(NocConfiguration.COMMAND_TEMPLATE) KafkaTemplate<String, String> template,
                     NocProperties properties) {
        this.template = template;
        this.timeout = properties.sendTimeout();
        this.retryAfter = properties.retryAfter();
    }

    void write(NocCommand command) {
        ProducerRecord<String, String> record = new ProducerRecord<>(DetectorTopology.NOC_COMMANDS_TOPIC, PARTITION,
                command.commandId(), EventJson.writeString(command));
        try {
            template.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notStored();
        } catch (ExecutionException | TimeoutException e) {
            throw notStored();
        }
    }

    private NocApiException notStored() {
        return NocApiException.unavailable("the command could not be recorded on the broker; retry with the same "
                + "Idempotency-Key", retryAfter);
    }
}
