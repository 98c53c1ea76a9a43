package io.faultline.detector.detection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the {@link OutageManager} keeps its state: outages (open and recently resolved), failed elements, held
 * failures, active complaint surges and applied NOC commands. Backed by changelogged state stores in the service,
 * by maps in unit tests.
 */
public interface OutageBook {

    Optional<ManagedOutage> outage(String outageId);

    /** Every outage kept, open or resolved. */
    List<ManagedOutage> outages();

    void save(ManagedOutage outage);

    void forget(String outageId);

    Optional<ElementSignal> failure(String elementId);

    void putFailure(ElementSignal failure);

    void removeFailure(String elementId);

    List<PendingFailure> pending();

    void putPending(PendingFailure pending);

    void removePending(String rootElementId);

    Optional<ComplaintSurge> surge(String key);

    List<ComplaintSurge> surges();

    void putSurge(ComplaintSurge surge);

    void removeSurge(String key);

    boolean commandApplied(String commandId);

    void commandApplied(String commandId, Instant at);

    /** Forgets applied command ids recorded before the given time. */
    void forgetCommandsBefore(Instant horizon);

    default List<ManagedOutage> openOutages() {
        return outages().stream().filter(ManagedOutage::open).toList();
    }
}
