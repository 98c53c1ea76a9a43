package io.faultline.detector.detection;

/** Where a complaint surge of one region and service stands. */
public enum SurgeState {
    /** The tail test failed for the required number of consecutive buckets: complaints are abnormal. */
    STARTED,
    /** A bucket closed while the surge goes on: fresh counts for the evidence. */
    CONTINUING,
    /** Complaints stayed under the exit level for the required number of quiet buckets. */
    ENDED
}
