package io.faultline.sandbox.bench;

import io.faultline.testsupport.FreePorts;
import io.faultline.testsupport.MailServer;
import io.faultline.testsupport.SmscSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The notifier-service under test, as its own JVM from a private copy of the Maven build's exec jar, with
 * production JVM settings (full JIT), pointed at a bench broker, an SMSC simulator and a mail sink.
 */
final class NotifierProcess implements AutoCloseable, ThroughputPhase.MeasuredProcess {

    static final String NAME = "notifier-service";
    static final String STREAMS_GROUP = "notifier-service";
    static final String NOTICE_REQUESTS = "faultline.notifier.notice-requests";

    /**
     * How many notices a record of the notice-requests topic holds, from its header alone: the notifier's
     * NoticeBatchSerde writes format byte 2 then the count as a big-endian int; a record of an earlier version
     * holds one notice.
     */
    static long noticesIn(byte[] value) {
        if (value == null) {
            return 0;
        }
        if (value.length >= 5 && value[0] == 2) {
            return (value[1] & 0xffL) << 24 | (value[2] & 0xffL) << 16 | (value[3] & 0xffL) << 8 | value[4] & 0xffL;
        }
        return 1;
    }

    private final ChildJvm jvm;
    private final ActuatorMetrics metrics;

    private NotifierProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.metrics = new ActuatorMetrics(port, null);
    }

    /** Copies the built exec jar into {@code workDir}, so that every phase of a run measures the same build. */
    static Path copyBuiltJar(Path root, Path workDir) throws IOException {
        return ChildJvm.copyBuiltJar(root, NAME, workDir);
    }

    /**
     * Starts a notifier with a fresh state directory under {@code dir} and waits until it is ready.
     *
     * @param smsTps the notifier's SMS cap ({@code faultline.notifier.sms.tps})
     */
    static NotifierProcess startReady(Path jar, BenchBroker broker, SmscSimulator smsc, String smppPassword,
                                      MailServer mail, int smsTps, List<String> javaOptions, Path dir)
            throws Exception {
        int port = FreePorts.find();
        ChildJvm jvm = ChildJvm.startReady(NAME, javaOptions, List.of("-jar", jar.toString()), Map.ofEntries(
                Map.entry("FAULTLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers()),
                Map.entry("FAULTLINE_STATE_DIR", dir.resolve("state").toString()),
                Map.entry("SERVER_PORT", String.valueOf(port)),
                Map.entry("FAULTLINE_NOTIFIER_PORT", String.valueOf(port)),
                Map.entry("FAULTLINE_KAFKA_PARTITIONS", String.valueOf(broker.partitions())),
                Map.entry("FAULTLINE_SMTP_HOST", mail.host()),
                Map.entry("FAULTLINE_SMTP_PORT", String.valueOf(mail.smtpPort())),
                Map.entry("FAULTLINE_SMPP_HOST", "127.0.0.1"),
                Map.entry("FAULTLINE_SMPP_PORT", String.valueOf(smsc.port())),
                Map.entry("FAULTLINE_SMPP_PASSWORD", smppPassword),
                Map.entry("FAULTLINE_SMPP_TPS", String.valueOf(smsTps))),
                dir.resolve(NAME + ".log"), port, Duration.ofMinutes(3));
        return new NotifierProcess(jvm, port);
    }

    /** The notifier's Micrometer figures. */
    ActuatorMetrics metrics() {
        return metrics;
    }

    /** The total of a Micrometer counter of the notifier over all its tags; 0 before it was first counted. */
    long counter(String name) {
        return metrics.counter(name);
    }

    @Override
    public boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public Path log() {
        return jvm.log();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
