package io.faultline.common.events;

/** Where a customer complained. */
public enum ComplaintChannel {
    CALL_CENTRE, APP, WEB, SOCIAL
}
