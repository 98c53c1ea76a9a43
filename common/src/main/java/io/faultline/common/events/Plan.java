package io.faultline.common.events;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A subscriber's tariff.
 *
 * @param planId        tariff code
 * @param type          pay-monthly or pay-as-you-go
 * @param currency      ISO 4217 code of the charges
 * @param charges       monthly charge components (empty for pay-as-you-go)
 * @param services      services the plan includes
 * @param unlimitedData whether data is unlimited
 */
public record Plan(String planId, PlanType type, String currency, List<ChargeComponent> charges,
                   Set<Service> services, boolean unlimitedData) {

    public Plan {
        Require.text(planId, "planId");
        Require.present(type, "type");
        Require.text(currency, "currency");
        charges = Require.list(charges);
        services = Require.set(services);
    }

    public Optional<ChargeComponent> charge(String name) {
        return charges.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
