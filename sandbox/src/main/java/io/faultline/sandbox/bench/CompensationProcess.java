package io.faultline.sandbox.bench;

import io.faultline.testsupport.FreePorts;
import io.faultline.testsupport.Postgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The compensation-service under test, as its own JVM from a private copy of the Maven build's exec jar, with
 * production JVM settings, pointed at a bench broker and an embedded PostgreSQL. Every grant waits for approval
 * (threshold GBP 0.01), so that the liability preview and the grant are timed apart.
 */
final class CompensationProcess implements AutoCloseable, ThroughputPhase.MeasuredProcess {

    static final String NAME = "compensation-service";
    static final String FINANCE_USER = "bench-finance";
    static final String FINANCE_PASSWORD = "bench";

    private final ChildJvm jvm;
    private final int port;
    private final ActuatorMetrics metrics;

    private CompensationProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
        // Open, like the Prometheus scrape: polling it with HTTP basic would cost the service a bcrypt check each time.
        this.metrics = new ActuatorMetrics(port, null);
    }

    /** Starts the service on a fresh database and waits until it is ready (its subscriber table caught up). */
    static CompensationProcess startReady(Path jar, BenchBroker broker, Postgres postgres, String jdbcUrl,
                                          List<String> javaOptions, Path dir) throws Exception {
        int port = FreePorts.find();
        ChildJvm jvm = ChildJvm.startReady(NAME, javaOptions, List.of("-jar", jar.toString()), Map.ofEntries(
                Map.entry("FAULTLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers()),
                Map.entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                Map.entry("FAULTLINE_KAFKA_PARTITIONS", String.valueOf(broker.partitions())),
                Map.entry("SERVER_PORT", String.valueOf(port)),
                Map.entry("SPRING_DATASOURCE_URL", jdbcUrl),
                Map.entry("SPRING_DATASOURCE_USERNAME", postgres.username()),
                Map.entry("SPRING_DATASOURCE_PASSWORD", postgres.password()),
                Map.entry("FAULTLINE_COMPENSATION_APPROVAL_THRESHOLDS", "GBP 0.01"),
                Map.entry("FAULTLINE_COMPENSATION_FINANCE_USERS_0_USERNAME", FINANCE_USER),
                Map.entry("FAULTLINE_COMPENSATION_FINANCE_USERS_0_PASSWORD", FINANCE_PASSWORD),
                Map.entry("FAULTLINE_COMPENSATION_FINANCE_USERS_0_ROLES_0", "FINANCE")),
                dir.resolve(NAME + ".log"), port, Duration.ofMinutes(3));
        return new CompensationProcess(jvm, port);
    }

    /** The service's HTTP port. */
    int port() {
        return port;
    }

    /** The service's Micrometer figures. */
    ActuatorMetrics metrics() {
        return metrics;
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
