package io.faultline.sandbox;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Loads a synthetic network into a running sandbox, replays events and waits until the system is done. */
public final class ScenarioRunner {

    private static final String DETECTOR = "detector-service";

    private final Sandbox sandbox;
    private final SyntheticNetwork network;

    public ScenarioRunner(Sandbox sandbox, SyntheticNetwork network) {
        this.sandbox = sandbox;
        this.network = network;
    }

    /** Publishes the topology and every subscriber, then waits until all services have read them. */
    public void loadNetwork(Duration timeout) throws Exception {
        loadNetwork(List.of(), timeout);
    }

    /**
     * Publishes the topology, the elements of {@code alsoNeeded} that it lacks (an incident's inventory names the
     * same elements, so usually none) and every subscriber, then waits until all services have read them.
     */
    public void loadNetwork(List<NetworkElement> alsoNeeded, Duration timeout) throws Exception {
        List<NetworkElement> topology = new ArrayList<>(network.topology());
        Set<String> known = topology.stream().map(NetworkElement::elementId).collect(Collectors.toSet());
        alsoNeeded.stream().filter(element -> !known.contains(element.elementId()))
                .map(element -> new NetworkElement(element.elementId(), element.type(), element.parentId(),
                        element.regions(), element.services(), element.subscribersServed(),
                        SyntheticNetwork.INVENTORY_TIME))
                .forEach(topology::add);
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/sandbox/inventory")) {
            topology.forEach(publisher::publish);
            network.subscribers(publisher::publish);
            publisher.flush();
        }
        sandbox.awaitCaughtUp("detector-service", Topics.NETWORK_TOPOLOGY.name(), timeout);
        awaitDetectorTopology(topology.size(), timeout);
        sandbox.awaitCaughtUp("notifier-service", Topics.SUBSCRIBERS.name(), timeout);
        sandbox.awaitCaughtUp("compensation-service", Topics.SUBSCRIBERS.name(), timeout);
    }

    /** Waits until the detector's global topology store holds the whole inventory. */
    private void awaitDetectorTopology(int elements, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + sandbox.service("detector-service").port() + "/api/topology/size");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.body();
            if (response.statusCode() == 200
                    && EventJson.readTree(last.getBytes(StandardCharsets.UTF_8)).path("elements").asLong() >= elements) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("detector topology store not loaded within " + timeout + ": " + last);
    }

    /** Publishes alarms and complaints at once, in the order given. */
    public void replay(List<? extends FaultlineEvent> events) {
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/sandbox/noc")) {
            events.forEach(publisher::publish);
            publisher.flush();
        }
    }

    /** Waits until the detector has read every alarm and complaint published, through its alarm repartitioning. */
    public void awaitDetectorRead(Duration timeout) throws Exception {
        sandbox.awaitCaughtUp(DETECTOR, Topics.NETWORK_ALARMS.name(), timeout);
        sandbox.awaitCaughtUp(DETECTOR, Topics.CUSTOMER_COMPLAINTS.name(), timeout);
        sandbox.awaitCaughtUp(DETECTOR, DETECTOR + "-alarms-by-source-repartition", timeout);
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
        sandbox.awaitCaughtUp("compensation-service-outages", Topics.OUTAGES.name(), left);
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
