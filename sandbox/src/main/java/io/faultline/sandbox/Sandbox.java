package io.faultline.sandbox;

import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.FreePorts;
import io.faultline.testsupport.KafkaBroker;
import io.faultline.testsupport.MailServer;
import io.faultline.testsupport.Postgres;
import io.faultline.testsupport.SmscSimulator;
import io.faultline.testsupport.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine with real parts: a Kafka broker, PostgreSQL, an SMTP server, an SMSC
 * simulator, and the detector, notifier and compensation services as separate JVMs.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    public static final String SMPP_SYSTEM_ID = "faultline";
    public static final String SMPP_PASSWORD = "sandbox";
    public static final int PARTITIONS = 6;
    /** The sandbox SMSC's cap, and the notifier's TPS to match (one notifier instance). */
    public static final int SMSC_TPS = 2_000;
    /** The MVNOs whose webhook endpoints the sandbox runs (one path each on one receiver). */
    public static final List<String> WEBHOOK_PARTNERS = List.of("skylark", "volta");
    public static final String PARTNER_WEBHOOK_SECRET = "sandbox-partner-secret";

    /**
     * The detector's clear hold-down in the sandbox (2 min in production): short, so that a replay ends soon, and
     * longer than the 22 s gaps of the flapping alarm of {@code flapping-alarm}, which must stay one outage.
     */
    public static final Duration CLEAR_HOLD_DOWN = Duration.ofSeconds(30);
    private static final String CLEAR_HOLD_DOWN_ENV = "FAULTLINE_DETECTOR_CLEAR_HOLD_DOWN";

    /**
     * Where things listen.
     *
     * @param root       repository root (service jars are under it)
     * @param workDir    state, data and logs
     * @param kafkaPort  broker port, 0 for a free one
     * @param firstHttpPort detector's HTTP port; notifier +1, compensation +2; 0 for free ones
     * @param smtpPort   SMTP port, 0 for a free one
     * @param smppPort   SMPP port, 0 for a free one
     * @param serviceEnv extra environment for the services, e.g. log levels
     */
    public record Options(Path root, Path workDir, int kafkaPort, int firstHttpPort, int smtpPort, int smppPort,
                          Map<String, String> serviceEnv) {

        public Options(Path root, Path workDir, int kafkaPort, int firstHttpPort, int smtpPort, int smppPort) {
            this(root, workDir, kafkaPort, firstHttpPort, smtpPort, smppPort, Map.of());
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private KafkaBroker broker;
    private Postgres postgres;
    private MailServer mail;
    private SmscSimulator smsc;
    private WebhookReceiver partners;
    private String jdbcUrl;

    public Sandbox(Options options) {
        this.options = options;
    }

    /** Starts the servers, creates the topics and starts the three services, waiting until they are ready. */
    public Sandbox start() throws Exception {
        startInfrastructure();
        startServices();
        return this;
    }

    public void startInfrastructure() throws Exception {
        broker = KafkaBroker.startEmbedded(options.kafkaPort(), options.workDir().resolve("kafka"));
        started.add(broker);
        for (TopicSpec<?> topic : Topics.ALL) {
            broker.createTopic(topic.name(), PARTITIONS, topic.compacted()
                    ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT) : Map.of());
            broker.createTopic(topic.dlt(), PARTITIONS);
        }
        postgres = Postgres.startEmbedded(0, options.workDir().resolve("postgres"));
        started.add(postgres);
        jdbcUrl = postgres.createDatabase("faultline");
        mail = MailServer.start(options.smtpPort());
        started.add(mail);
        smsc = SmscSimulator.builder().port(options.smppPort()).systemId(SMPP_SYSTEM_ID).password(SMPP_PASSWORD)
                .deliveryReceipts(true).receiptDelay(Duration.ofMillis(50)).maxTps(SMSC_TPS).start();
        started.add(smsc);
        partners = WebhookReceiver.start(PARTNER_WEBHOOK_SECRET);
        started.add(partners);
        log.info("Kafka {} | PostgreSQL {} | SMTP 127.0.0.1:{} | SMPP 127.0.0.1:{}", broker.bootstrapServers(),
                jdbcUrl, mail.smtpPort(), smsc.port());
    }

    public void startServices() throws Exception {
        int base = options.firstHttpPort();
        startService("detector-service", base == 0 ? FreePorts.find() : base);
        startService("notifier-service", base == 0 ? FreePorts.find() : base + 1);
        startService("compensation-service", base == 0 ? FreePorts.find() : base + 2);
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofMinutes(3));
        }
    }

    /** Starts (or restarts) one service with the sandbox's wiring. */
    public ServiceProcess startService(String name, int port) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FAULTLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers());
        env.put("FAULTLINE_STATE_DIR", options.workDir().resolve("state").resolve(name).toString());
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("FAULTLINE_KAFKA_PARTITIONS", String.valueOf(PARTITIONS));
        env.put("FAULTLINE_SMTP_HOST", "127.0.0.1");
        env.put("FAULTLINE_SMTP_PORT", String.valueOf(mail.smtpPort()));
        env.put("FAULTLINE_SMPP_HOST", "127.0.0.1");
        env.put("FAULTLINE_SMPP_PORT", String.valueOf(smsc.port()));
        env.put("FAULTLINE_SMPP_SYSTEM_ID", SMPP_SYSTEM_ID);
        env.put("FAULTLINE_SMPP_PASSWORD", SMPP_PASSWORD);
        env.put("FAULTLINE_SMPP_TPS", String.valueOf(SMSC_TPS));
        for (int i = 0; i < WEBHOOK_PARTNERS.size(); i++) {
            String partner = WEBHOOK_PARTNERS.get(i);
            env.put("FAULTLINE_NOTIFIER_WEBHOOKS_" + i + "_NAME", partner);
            env.put("FAULTLINE_NOTIFIER_WEBHOOKS_" + i + "_URL", partners.url("/" + partner).toString());
            env.put("FAULTLINE_NOTIFIER_WEBHOOKS_" + i + "_SECRET", PARTNER_WEBHOOK_SECRET);
        }
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
        env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        env.put(CLEAR_HOLD_DOWN_ENV, CLEAR_HOLD_DOWN.toSeconds() + "s");
        if (name.equals("notifier-service")) {
            env.put("FAULTLINE_STATUS_URL", "http://127.0.0.1:" + port + "/status");
        }
        env.putAll(options.serviceEnv());
        ServiceProcess process = ServiceProcess.start(options.root(), name, port, env,
                options.workDir().resolve("logs"));
        ServiceProcess previous = services.put(name, process);
        if (previous != null) {
            previous.close();
        }
        return process;
    }

    /** The detector's clear hold-down: {@link #CLEAR_HOLD_DOWN} unless the options set another, e.g. "5s". */
    public Duration clearHoldDown() {
        String configured = options.serviceEnv().get(CLEAR_HOLD_DOWN_ENV);
        return configured == null ? CLEAR_HOLD_DOWN : Duration.parse("PT" + configured.toUpperCase());
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public MailServer mail() {
        return mail;
    }

    /** The partners' webhook endpoints ({@link #WEBHOOK_PARTNERS}, one path each). */
    public WebhookReceiver partners() {
        return partners;
    }

    public SmscSimulator smsc() {
        return smsc;
    }

    public Postgres postgres() {
        return postgres;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Records of a topic that a group has not consumed yet, counted by reading them (read_committed), so that
     * transaction markers after the last record do not count as lag.
     */
    public long lag(String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                if (done != null) {
                    consumer.seek(tp, done.offset());
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long remaining = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                remaining += consumer.poll(Duration.ofMillis(100)).count();
            }
            return remaining;
        }
    }

    /** Waits until the group has consumed the topic to its end. */
    public void awaitCaughtUp(String groupId, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            lag = lag(groupId, topic);
            if (lag <= 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(groupId + " still " + lag + " records behind on " + topic);
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        services.clear();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", started.get(i), e.toString());
            }
        }
        started.clear();
    }
}
