package io.faultline.notifier.streams;

/**
 * A fan-out under way for one outage: the event to tell, and how far the scan of this task's subscribers has got.
 * Kept in a changelog-backed store and advanced one chunk per transaction, so a scan of millions of subscribers
 * never holds one exactly-once transaction open, and a restart resumes where the last committed chunk ended.
 *
 * @param event          the outage event, as its JSON text (read back with the outage event serde)
 * @param episode        how many times the outage had been reopened
 * @param timestamp      record timestamp of the event, carried by every notice it decides
 * @param vulnerableLane true while the vulnerable subscribers are being told (they come first), false after
 * @param after          subscriber id the scan of the current lane has reached (exclusive); null at its start
 */
record FanOutJob(String event, int episode, long timestamp, boolean vulnerableLane, String after) {

    FanOutJob resumingAfter(String subscriberId) {
        return new FanOutJob(event, episode, timestamp, vulnerableLane, subscriberId);
    }

    /** The same job on the lane after this one, from its start; null when this was the last lane. */
    FanOutJob nextLane() {
        return vulnerableLane ? new FanOutJob(event, episode, timestamp, false, null) : null;
    }
}
