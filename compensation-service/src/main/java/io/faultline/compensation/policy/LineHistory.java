package io.faultline.compensation.policy;

/**
 * What billing knows of a line's past that some policies need.
 *
 * @param largestTopUpMinor the largest top-up of the line so far (minor units of its currency), or null if unknown
 */
public record LineHistory(Long largestTopUpMinor) {

    public static final LineHistory UNKNOWN = new LineHistory(null);
}
