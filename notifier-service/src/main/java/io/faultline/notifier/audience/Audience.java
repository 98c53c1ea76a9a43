package io.faultline.notifier.audience;

import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Subscriber;
import java.util.Collections;

/** Who is affected by an outage. */
public final class Audience {

    private Audience() {
    }

    /**
     * A subscriber is affected when their home region is in scope or they are homed on an element in scope, and
     * their plan uses one of the affected services. Every brand on the network counts, MVNOs included. A plan
     * that lists no service uses none (compensation reads it the same way).
     */
    public static boolean isAffected(Subscriber subscriber, OutageScope scope) {
        boolean located = scope.regions().contains(subscriber.homeRegion())
                || !Collections.disjoint(subscriber.platforms(), scope.elements());
        boolean usesAffectedService = !Collections.disjoint(subscriber.plan().services(), scope.services());
        return located && usesAffectedService;
    }
}
