/**
 * Replayable incident scenarios for detector tests and benchmarks: pure, deterministic data, no Kafka.
 *
 * <ul>
 *   <li>{@link io.faultline.testsupport.incidents.Incidents}: the catalogue ({@code Incidents.named("o2-2018-data")},
 *       {@code Incidents.all()});</li>
 *   <li>{@link io.faultline.testsupport.incidents.Incident}: topology, alarms and complaints in delivery order, the
 *       {@link io.faultline.testsupport.incidents.ExpectedOutage expected outages}, and the rules a detector's
 *       output must satisfy;</li>
 *   <li>{@link io.faultline.testsupport.incidents.IncidentNetwork}: the shared synthetic operator (1,000,000
 *       notional subscribers, 10 regions, the sandbox's element ids);</li>
 *   <li>{@link io.faultline.testsupport.incidents.ComplaintNoise}: the diurnal background complaint model, and
 *       {@link io.faultline.testsupport.incidents.Surge} the surges injected on top of it.</li>
 * </ul>
 *
 * <p>A compliance run: load {@code incident.topology()} into the topology topic, pipe
 * {@code incident.inDeliveryOrder()} (alarms to {@code network.alarms.v1} keyed by source, complaints to
 * {@code customer.complaints.v1} keyed by subscriber) with each event's time as the record timestamp, then judge the
 * outages produced against {@code incident.expected()} by the rules on {@code Incident}. For a real broker, replay
 * {@code incident.shiftedTo(Instant.now())} so that retention keeps the records.
 */
package io.faultline.testsupport.incidents;
