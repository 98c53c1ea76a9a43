package io.faultline.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code credits.v1} (key: billing account). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes(@JsonSubTypes.Type(value = CreditGranted.class, name = "GRANTED"))
public sealed interface CreditEvent extends FaultlineEvent permits CreditGranted {
}
