package io.faultline.common.events;

/** Kinds of network element in the topology. */
public enum ElementType {
    CELL, SITE, RAN_CONTROLLER, MME, SGSN, PACKET_GATEWAY, SIGNALLING_CORE, HLR_HSS, MSC, SMSC,
    VOICEMAIL_PLATFORM, MAIL_PLATFORM;

    /**
     * Platforms serve the subscribers homed on them wherever they are; an outage on a platform is scoped to
     * those subscribers rather than to regions.
     */
    public boolean isPlatform() {
        return this == HLR_HSS || this == VOICEMAIL_PLATFORM || this == MAIL_PLATFORM || this == SMSC;
    }
}
