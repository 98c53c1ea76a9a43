package io.faultline.common.events;

/** How a customer or partner is told. */
public enum NoticeChannel {
    SMS, EMAIL, STATUS_PAGE, WEBHOOK;

    /** The service a channel depends on: SMS cannot be sent while SMS is down, email while mail is down. */
    public Service dependsOn() {
        return switch (this) {
            case SMS -> Service.SMS;
            case EMAIL -> Service.MAIL;
            case STATUS_PAGE, WEBHOOK -> Service.DATA;
        };
    }
}
