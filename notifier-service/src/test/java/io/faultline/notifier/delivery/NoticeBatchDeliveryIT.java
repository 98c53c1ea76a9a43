package io.faultline.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.notifier.NotifierServers;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.notifier.streams.NoticeBatchSerde;
import io.faultline.notifier.streams.NotifierTopology;
import io.faultline.testsupport.ReceivedSms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The delivery of notice batches against a real broker and SMSC simulator: every notice of a batch is sent on its
 * own, a notice that cannot be sent is dead-lettered alone (with its reason, the others of its batch are sent), and
 * a record that is not a readable batch is dead-lettered whole with its bytes and the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class NoticeBatchDeliveryIT {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");
    private static NotifierServers servers;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        servers = NotifierServers.start("batchpw");
        servers.register(registry, 2);
        registry.add("faultline.kafka.retry-attempts", () -> "1");
        registry.add("faultline.kafka.retry-interval", () -> "50ms");
        registry.add("server.port", () -> "0");
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private static NoticeRequest sms(String subscriber, String address) {
        return new NoticeRequest("OUT-BATCH:DETECTED:" + subscriber + ":SMS", "OUT-BATCH", 1, OutageStatus.DETECTED,
                subscriber, NoticeChannel.SMS, address, "en", "meridian", false, "Mobile data unavailable",
                Set.of(Service.DATA), T0, null, T0, null, null);
    }

    @Test
    void eachNoticeOfABatchIsSentOrDeadLetteredAloneAndAnUnreadableRecordWhole() throws Exception {
        String tooLong = "4".repeat(40);
        NoticeBatch batch = new NoticeBatch(List.of(sms("B-1", "447700900301"), sms("B-2", tooLong),
                sms("B-3", "447700900303")));
        byte[] garbage = {9, 0, 0, 0, 1, 42};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.broker().bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(NotifierTopology.NOTICE_REQUESTS_TOPIC, 0, "0", garbage)).get();
            producer.send(new ProducerRecord<>(NotifierTopology.NOTICE_REQUESTS_TOPIC, 0, "0",
                    NoticeBatchSerde.create().serializer().serialize("t", batch))).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> servers.smsc().receivedDestinations()
                .containsAll(List.of("447700900301", "447700900303")));
        List<ConsumerRecord<String, byte[]>> deadLetters = await().atMost(Duration.ofSeconds(60))
                .until(() -> servers.read(NotifierTopology.NOTICE_REQUESTS_TOPIC + ".dlt"), records -> records.size() >= 2);

        assertThat(deadLetters).hasSize(2);
        ConsumerRecord<String, byte[]> unreadable = deadLetters.stream().filter(r -> "0".equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(unreadable.value()).as("the record's own bytes").isEqualTo(garbage);
        assertThat(header(unreadable, DeadLetterHeaders.REASON)).contains("unknown notice batch format 9");
        ConsumerRecord<String, byte[]> failed = deadLetters.stream().filter(r -> "B-2".equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(EventJson.read(failed.value(), NoticeRequest.class)).isEqualTo(batch.notices().get(1));
        assertThat(header(failed, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(NotifierTopology.NOTICE_REQUESTS_TOPIC);

        List<NoticeReceipt> receipts = await().atMost(Duration.ofSeconds(30)).until(
                servers::receipts,
                all -> all.stream().filter(r -> r.state() == NoticeState.ACCEPTED).count() >= 2
                        && all.stream().anyMatch(r -> r.state() == NoticeState.FAILED));
        assertThat(receipts).filteredOn(r -> r.state() == NoticeState.FAILED).extracting(NoticeReceipt::subscriberId)
                .containsExactly("B-2");
        assertThat(receipts).filteredOn(r -> r.state() == NoticeState.ACCEPTED)
                .extracting(NoticeReceipt::subscriberId).containsExactlyInAnyOrder("B-1", "B-3");
        assertThat(servers.smsc().received()).extracting(ReceivedSms::destinationAddr).doesNotContain(tooLong);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

}
