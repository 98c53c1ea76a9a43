/**
 * Real servers for Faultline's tests and local sandbox, never mocks.
 *
 * <ul>
 *   <li>{@link io.faultline.testsupport.KafkaBroker}: Apache Kafka 4.1 in KRaft mode, in
 *       Testcontainers or embedded in the JVM;</li>
 *   <li>{@link io.faultline.testsupport.Postgres}: PostgreSQL, in Testcontainers or as an embedded
 *       child process;</li>
 *   <li>{@link io.faultline.testsupport.MailServer}: an SMTP server keeping what it receives;</li>
 *   <li>{@link io.faultline.testsupport.SmscSimulator}: an SMPP 3.4 SMSC with delivery receipts,
 *       throttling and failing destinations;</li>
 *   <li>{@link io.faultline.testsupport.FreePorts}: free TCP ports.</li>
 * </ul>
 *
 * <p>{@link io.faultline.testsupport.ContainerRuntime} decides between containers and embedded
 * servers. The servers log a lot at INFO; a logback configuration can include
 * {@code io/faultline/testsupport/logback-quiet-servers.xml} to keep them at WARN.
 */
package io.faultline.testsupport;
