package io.faultline.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code billing.invoice-holds.v1} (key: account id). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes(@JsonSubTypes.Type(value = InvoiceHeld.class, name = "HELD"))
public sealed interface InvoiceHoldEvent extends FaultlineEvent permits InvoiceHeld {
}
