package io.faultline.sandbox;

import io.faultline.common.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/** Loads a synthetic network into a running sandbox, replays a scenario and waits until the system is done. */
public final class ScenarioRunner {

    private final Sandbox sandbox;
    private final SyntheticNetwork network;

    public ScenarioRunner(Sandbox sandbox, SyntheticNetwork network) {
        this.sandbox = sandbox;
        this.network = network;
    }

    /** Publishes the topology and every subscriber, then waits until all services have read them. */
    public void loadNetwork(Duration timeout) throws Exception {
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/sandbox/inventory")) {
            network.topology().forEach(publisher::publish);
            network.subscribers(publisher::publish);
            publisher.flush();
        }
        sandbox.awaitCaughtUp("detector-service", Topics.NETWORK_TOPOLOGY.name(), timeout);
        sandbox.awaitCaughtUp("notifier-service", Topics.SUBSCRIBERS.name(), timeout);
        sandbox.awaitCaughtUp("compensation-service", Topics.SUBSCRIBERS.name(), timeout);
    }

    /** Publishes the scenario's alarms and complaints in event-time order. */
    public void replay(Scenario scenario) {
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/sandbox/noc")) {
            scenario.events().forEach(publisher::publish);
            publisher.flush();
        }
    }

    /**
     * Waits until {@code resolvedOutages} RESOLVED events have been published and every downstream consumer has
     * finished: notices decided and delivered, credits booked and published.
     */
    public void awaitSettled(SystemObserver observer, long resolvedOutages, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (observer.outages("RESOLVED") < resolvedOutages) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + observer.outages("RESOLVED") + " of " + resolvedOutages
                        + " outages resolved within " + timeout);
            }
            Thread.sleep(200);
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
        sandbox.awaitCaughtUp("notifier-service", "faultline.notifier.outage-broadcast", left);
        sandbox.awaitCaughtUp("notifier-service-delivery", "faultline.notifier.notice-requests", left);
        sandbox.awaitCaughtUp("compensation-service", Topics.OUTAGES.name(), left);
        while (pendingCredits() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        observer.awaitQuiet(Duration.ofSeconds(3), left);
    }

    private long pendingCredits() throws Exception {
        try (Connection db = DriverManager.getConnection(sandbox.jdbcUrl(), sandbox.postgres().username(),
                sandbox.postgres().password());
             Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from credit_outbox where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
