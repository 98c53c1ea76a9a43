package io.faultline.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code billing.invoice-holds.v1} (key: account id): an invoice held, then released. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({@JsonSubTypes.Type(value = InvoiceHeld.class, name = "HELD"),
        @JsonSubTypes.Type(value = InvoiceReleased.class, name = "RELEASED")})
public sealed interface InvoiceHoldEvent extends FaultlineEvent permits InvoiceHeld, InvoiceReleased {
}
