package io.faultline.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real single-node Apache Kafka 4.1 broker in KRaft mode (one process acting as broker and
 * controller).
 *
 * <p>{@link #start()} runs the broker in Testcontainers ({@value #IMAGE}) when a Docker engine
 * answers and embedded servers are not forced (see {@link ContainerRuntime}); otherwise it runs
 * the broker in this JVM, formatted and started exactly like {@code kafka-server-start.sh}
 * would, on {@code 127.0.0.1}. Automatic topic creation is off: create topics with
 * {@link #createTopic(String, int, Map)}.
 *
 * <p>An embedded broker turns Kafka's "halt the JVM" on a fatal fault into an exception (through
 * {@code org.apache.kafka.common.utils.Exit}, JVM-wide), so a failed broker does not kill the
 * test run or the sandbox.
 *
 * <p>Typical test use shares one broker per JVM through {@link #shared()}; the sandbox uses
 * {@link #startEmbedded(int, Path)} with port 9092 and a data directory that survives restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The container image used when a Docker engine answers. */
    public static final String IMAGE = "apache/kafka:4.1.2";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicBoolean EXIT_PROCEDURES_INSTALLED = new AtomicBoolean();

    private static KafkaBroker sharedBroker;

    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final KafkaContainer container;
    private final Path dataDir;
    private final FileChannel dataDirLock;
    private final boolean deleteDataDirOnClose;
    private volatile boolean shared;
    private boolean closed;

    private KafkaBroker(String bootstrapServers, KafkaRaftServer server, KafkaContainer container,
                        Path dataDir, FileChannel dataDirLock, boolean deleteDataDirOnClose) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.container = container;
        this.dataDir = dataDir;
        this.dataDirLock = dataDirLock;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /**
     * Starts a new broker: a Testcontainers one when Docker answers, an embedded one on free ports
     * and a temporary data directory otherwise.
     *
     * @return the running broker, to be closed by the caller
     */
    public static KafkaBroker start() {
        return ContainerRuntime.useContainers() ? startContainer() : startEmbedded();
    }

    /**
     * Starts a broker in a Testcontainers container ({@value #IMAGE}). Needs a Docker engine.
     *
     * @return the running broker, to be closed by the caller
     */
    public static KafkaBroker startContainer() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        container.start();
        KafkaBroker broker = new KafkaBroker(container.getBootstrapServers(), null, container, null, null, false);
        LOG.info("Kafka broker started in a container at {}", broker.bootstrapServers);
        return broker;
    }

    /**
     * Starts an embedded broker in this JVM on free ports with a temporary data directory that is
     * deleted on {@link #close()}.
     *
     * @return the running broker, to be closed by the caller
     */
    public static KafkaBroker startEmbedded() {
        return startEmbedded(0, null);
    }

    /**
     * Starts an embedded broker in this JVM.
     *
     * <p>With a fixed {@code port} the broker listens on {@code 127.0.0.1:port} and its controller
     * on {@code 127.0.0.1:port+1}; with port 0 both use free ports. With a {@code dataDir} the
     * storage is formatted only if the directory holds no formatted log yet, and it is kept on
     * close, so a restarted broker finds its topics and offsets again (keep the same port for a
     * data directory: the controller's address is written into it). With a {@code null}
     * {@code dataDir} a temporary directory is used and deleted on close.
     *
     * @param port    the client port, or 0 for a free one
     * @param dataDir the data directory to use and keep, or {@code null} for a temporary one
     * @return the running broker, to be closed by the caller
     */
    public static KafkaBroker startEmbedded(int port, Path dataDir) {
        if (port < 0 || port > 65534) {
            throw new IllegalArgumentException("Invalid port " + port);
        }
        int brokerPort = port == 0 ? FreePorts.find() : port;
        int controllerPort = port == 0 ? FreePorts.findExcluding(brokerPort) : port + 1;
        requireFree(brokerPort);
        requireFree(controllerPort);
        keepJvmAliveOnFatalFaults();
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("faultline-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the Kafka data directory", e);
        }
        KafkaRaftServer server = null;
        FileChannel lock = null;
        try {
            lock = lockDataDir(dir);
            Path logDir = dir.resolve("kraft-logs");
            Properties props = serverProperties(brokerPort, controllerPort, logDir);
            Path configFile = dir.resolve("server.properties");
            writeProperties(props, configFile);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(configFile);
            }
            server = newRaftServer(props);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(bootstrap);
            LOG.info("Embedded Kafka broker started at {} (data in {})", bootstrap, dir);
            return new KafkaBroker(bootstrap, server, null, dir, lock, temporary);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (Throwable suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            closeQuietly(lock);
            if (temporary) {
                Dirs.deleteQuietly(dir);
            }
            throw e;
        }
    }

    /**
     * Returns the broker shared by the whole JVM, starting it (as {@link #start()} does) on first
     * use. It is closed by a shutdown hook; {@link #close()} on it does nothing, so test classes
     * may use it freely.
     *
     * @return the shared running broker
     */
    public static synchronized KafkaBroker shared() {
        if (sharedBroker == null) {
            KafkaBroker broker = start();
            broker.shared = true;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "faultline-kafka-shutdown"));
            sharedBroker = broker;
        }
        return sharedBroker;
    }

    /**
     * The bootstrap servers to give Kafka clients, {@code host:port}.
     *
     * @return the bootstrap servers string
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Tells whether this broker runs in this JVM rather than in a container.
     *
     * @return {@code true} for an embedded broker
     */
    public boolean isEmbedded() {
        return server != null;
    }

    /**
     * The data directory of an embedded broker.
     *
     * @return the directory, or {@code null} for a container broker
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a topic with replication factor 1 and no extra configuration, unless it exists.
     *
     * @param name       the topic name
     * @param partitions the number of partitions
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with replication factor 1, unless it exists (an existing topic is left as
     * it is, whatever its partitions and configuration). Returns once every partition has a
     * leader, so clients can use the topic at once.
     *
     * @param name       the topic name
     * @param partitions the number of partitions
     * @param configs    topic configuration, for example {@code cleanup.policy=compact}
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        try (Admin admin = Admin.create(adminProperties(bootstrapServers))) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1)
                    .configs(configs == null ? Map.of() : configs);
            try {
                admin.createTopics(List.of(topic)).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e.getCause());
                }
            }
            awaitLeaders(admin, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        }
    }

    /**
     * Stops the broker and deletes its temporary data directory. Does nothing on the
     * {@linkplain #shared() shared} broker, which a shutdown hook stops.
     */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            if (container != null) {
                container.stop();
            }
        } finally {
            closeQuietly(dataDirLock);
            if (deleteDataDirOnClose) {
                Dirs.deleteQuietly(dataDir);
            }
        }
    }

    /**
     * Kafka locks its log directory only once the controller has already written to the metadata
     * log, so a second broker on the same directory would corrupt it: lock it first.
     */
    private static FileChannel lockDataDir(Path dir) {
        Path lockFile = dir.resolve(".faultline.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                throw new IllegalStateException("Kafka data directory " + dir + " is used by another process");
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("Kafka data directory " + dir + " is used by another broker of this JVM", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not lock " + lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + (isEmbedded() ? ", embedded]" : ", container]");
    }

    private static Properties serverProperties(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Groups of the consumer rebalance protocol (KIP-848) hand on a dead member's partitions after 6 s
        // instead of 45 s, so that a service killed and restarted in a test or the sandbox resumes quickly.
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("group.consumer.session.timeout.ms", "6000");
        p.put("group.consumer.min.heartbeat.interval.ms", "1000");
        p.put("group.consumer.heartbeat.interval.ms", "2000");
        // Small footprint: the log cleaner would otherwise allocate 128 MiB up front.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /**
     * On a fatal fault (a port in use, a broken log directory) the broker halts the whole JVM
     * through {@link Exit}; for an embedded broker that would kill the test run or the sandbox.
     * Installed once: the fault becomes an exception in the thread that met it.
     */
    private static void keepJvmAliveOnFatalFaults() {
        if (EXIT_PROCEDURES_INSTALLED.compareAndSet(false, true)) {
            Exit.Procedure procedure = (status, message) -> {
                LOG.error("Embedded Kafka asked to terminate the JVM with status {}: {}", status, message);
                throw new IllegalStateException("Embedded Kafka met a fatal fault (status " + status + "): " + message);
            };
            Exit.setHaltProcedure(procedure);
            Exit.setExitProcedure(procedure);
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on 127.0.0.1 is in use: cannot start embedded Kafka", e);
        }
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM)}, through reflection:
     * {@code KafkaConfig} extends a class of {@code kafka-server}, which {@code kafka_2.13} only
     * brings at run time, so the compiler cannot see it.
     */
    private static KafkaRaftServer newRaftServer(Properties props) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            Object config = configClass.getMethod("fromProps", Properties.class).invoke(null, props);
            return KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Could not create the Kafka server", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not create the Kafka server", e);
        }
    }

    private static void writeProperties(Properties props, Path file) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "Faultline embedded Kafka broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void format(Path configFile) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--standalone"},
                    printStream);
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka storage failed: "
                    + output.toString(StandardCharsets.UTF_8), e);
        }
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed with status " + status + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrap + " did not answer within "
                + STARTUP_TIMEOUT, last);
    }

    private static void awaitLeaders(Admin admin, String topic)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(topic);
                if (description != null && description.partitions().stream().allMatch(KafkaBroker::hasLeader)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topic " + topic, e.getCause());
                }
            }
            sleep(50);
        }
        throw new java.util.concurrent.TimeoutException("Topic " + topic + " has partitions without leader");
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        Node leader = partition.leader();
        return leader != null && !leader.isEmpty() && leader.id() >= 0;
    }

    private static Map<String, Object> adminProperties(String bootstrap) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
