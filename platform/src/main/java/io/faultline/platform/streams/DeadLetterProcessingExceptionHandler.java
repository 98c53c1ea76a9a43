package io.faultline.platform.streams;

import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams {@code processing.exception.handler}: a record whose processing throws is published unchanged,
 * with the reason in {@link DeadLetterHeaders}, to the dead-letter topic of the public topic it came from, and
 * processing goes on with the next record instead of replaying the poison record forever. Records of internal
 * topics are logged and counted. If the dead letter cannot be written the application stops (FAIL), so nothing
 * is dropped silently.
 */
public class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

    private KafkaProducer<byte[], byte[]> producer;
    private String service;

    @Override
    public void configure(Map<String, ?> configs) {
        service = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-processing-dlt");
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Metrics.counter("faultline.streams.processing.errors", "processor", context.processorNodeId()).increment();
        String reason = DeadLetterHeaders.reasonOf(exception);
        if (Topics.byName(context.topic()).isEmpty()) {
            log.error("Skipped record {}-{}@{} of an internal topic after a processing error in {}: {}",
                    context.topic(), context.partition(), context.offset(), context.processorNodeId(), reason,
                    exception);
            return ProcessingHandlerResponse.CONTINUE;
        }
        RecordHeaders headers = new RecordHeaders(context.headers().toArray());
        DeadLetterHeaders.describe(headers, context.topic(), context.partition(), context.offset(), exception, service);
        try {
            producer.send(new ProducerRecord<>(context.topic() + ".dlt", null, context.sourceRawKey(),
                    context.sourceRawValue(), headers)).get(30, TimeUnit.SECONDS);
            log.error("Record {}-{}@{} failed in {} and went to {}.dlt: {}", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), context.topic(), reason, exception);
            return ProcessingHandlerResponse.CONTINUE;
        } catch (Exception e) {
            log.error("Could not dead-letter {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                    e.toString());
            return ProcessingHandlerResponse.FAIL;
        }
    }
}
