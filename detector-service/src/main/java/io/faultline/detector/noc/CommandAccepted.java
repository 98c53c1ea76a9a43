package io.faultline.detector.noc;

/**
 * The answer to a NOC command (202 Accepted): it is recorded and the outage manager applies it within moments,
 * exactly once. Its effect shows on outages.v1 and in {@code GET /api/noc/outages/{outageId}}.
 *
 * @param commandId the command's id: the request's {@code Idempotency-Key}, or a generated UUID
 * @param action    DECLARE, ANNOTATE, MERGE or RESOLVE
 * @param outageId  the outage acted on (for DECLARE, the id the new outage gets)
 */
public record CommandAccepted(String commandId, String action, String outageId) {
}
