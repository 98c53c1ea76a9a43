package io.faultline.notifier.delivery;

import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.notifier.policy.NoticeRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What delivery knows of each outage's latest end or reopening, so that a notice still queued when its stage was
 * overtaken is not sent: a DETECTED, REOPENED or UPDATED notice of version N is superseded once the outage was
 * RESOLVED or REOPENED in a version after N (the customer is told that stage instead, by its own notice). A
 * RESOLVED notice is never superseded: "it works again" stays true for the episode it ends; nor is a notice that is
 * not about an outage (an invoice hold). Thread-safe.
 */
public final class OutageBoard {

    private record Turn(long version, OutageStatus status) {
    }

    private final Map<String, Turn> latestTurns = new ConcurrentHashMap<>();

    /** Records an outage event (any order, duplicates welcome): only a later end or reopening counts. */
    public void observe(OutageEvent event) {
        OutageStatus status = event.status();
        if (status != OutageStatus.RESOLVED && status != OutageStatus.REOPENED) {
            return;
        }
        Turn turn = new Turn(event.outage().version(), status);
        latestTurns.merge(event.outage().outageId(), turn,
                (known, seen) -> seen.version() > known.version() ? seen : known);
    }

    /** The later stage that overtook the notice ({@code RESOLVED v7}), or empty when it is still current. */
    public Optional<String> supersededBy(NoticeRequest notice) {
        if (notice.kind() != NoticeKind.OUTAGE || notice.stage() == OutageStatus.RESOLVED) {
            return Optional.empty();
        }
        Turn turn = latestTurns.get(notice.outageId());
        return turn == null || turn.version() <= notice.outageVersion() ? Optional.empty()
                : Optional.of(turn.status() + " v" + turn.version());
    }
}
