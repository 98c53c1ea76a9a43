package io.faultline.detector.detection;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What the partitioned stages of the detector tell the outage manager, which sees the whole network at once:
 * an element failed or was restored (alarm hygiene done), complaints surged or calmed down for a region and
 * service, or the NOC acted by hand. Signals are few (state changes, not raw events), so one partition holds
 * them all in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ElementSignal.class, name = "ELEMENT"),
        @JsonSubTypes.Type(value = ComplaintSurge.class, name = "SURGE"),
        @JsonSubTypes.Type(value = NocCommand.class, name = "NOC")
})
public sealed interface DetectionSignal permits ElementSignal, ComplaintSurge, NocCommand {

    /** Event time of the signal: when what it reports happened. */
    Instant at();
}
