package io.faultline.compensation.policy;

import io.faultline.common.events.CreditKind;
import io.faultline.common.events.Service;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a rule of a policy gives a line: money, an allowance, a free-usage window or a top-up bonus. */
public sealed interface Grant {

    /** The kind of credit this grant books. */
    CreditKind kind();

    /**
     * Days of named monthly charge components: {@code sum(components) x days / daysInPeriod}. Components are the
     * plan's charges before discounts (e.g. airtime without the handset).
     *
     * @param components names of the plan's charge components credited
     * @param days       days credited, or null to credit the outage's own length
     * @param partialDay how a part of a day of the outage's length counts (with {@code days} null)
     * @param dayCount   what a month's charge is divided by
     */
    record ProRata(List<String> components, Integer days, PartialDay partialDay, DayCountConvention dayCount)
            implements Grant {

        public ProRata {
            components = List.copyOf(components);
        }

        @Override
        public CreditKind kind() {
            return CreditKind.MONETARY;
        }
    }

    /** How a started day of an outage counts when the credit follows the outage's length. */
    enum PartialDay {
        /** A started day counts as a whole day. */
        UP,
        /** Only whole days count. */
        DOWN,
        /** The exact fraction counts (hours / 24). */
        EXACT
    }

    /**
     * An amount by how long the outage lasted: the highest step reached.
     *
     * @param steps steps in increasing order of duration
     */
    record DurationSteps(List<Step> steps) implements Grant {

        public DurationSteps {
            steps = List.copyOf(steps);
        }

        @Override
        public CreditKind kind() {
            return CreditKind.MONETARY;
        }
    }

    /**
     * One step of a table: from this outage length on, these amounts.
     *
     * @param atLeast the outage lasted at least this long
     * @param amounts amount per currency (minor units)
     */
    record Step(Duration atLeast, Map<String, Long> amounts) {

        public Step {
            amounts = Map.copyOf(amounts);
        }
    }

    /**
     * A flat amount per line, or per billing account (one credit for the account, whatever its lines).
     *
     * @param amounts amount per currency (minor units)
     * @param per     per line or per account
     */
    record Flat(Map<String, Long> amounts, Per per) implements Grant {

        public Flat {
            amounts = Map.copyOf(amounts);
        }

        @Override
        public CreditKind kind() {
            return CreditKind.MONETARY;
        }
    }

    /** What a flat amount is counted per. */
    enum Per {
        LINE,
        ACCOUNT
    }

    /**
     * An allowance added to the line, e.g. 1 GB valid for a month.
     *
     * @param quantity how much
     * @param unit     of what: GB, MB, minutes, SMS
     * @param validity how long it can be used from the grant
     */
    record Allowance(BigDecimal quantity, String unit, Period validity) implements Grant {

        @Override
        public CreditKind kind() {
            return CreditKind.ALLOWANCE;
        }
    }

    /**
     * Free use of services in a window of local time, e.g. a free day of calls and SMS.
     *
     * @param services services that are free
     * @param from     start of the window, in the policy's zone
     * @param until    end of the window (exclusive)
     */
    record FreeUsage(Set<Service> services, LocalDateTime from, LocalDateTime until) implements Grant {

        public FreeUsage {
            services = Set.copyOf(services);
        }

        @Override
        public CreditKind kind() {
            return CreditKind.FREE_USAGE_WINDOW;
        }
    }

    /**
     * A bonus on the next top-up of a pay-as-you-go line: {@code percent} of the top-up, the top-up counted up to a
     * cap. The credit's amount is the most the bonus can be worth (what finance must provision).
     *
     * @param percent           bonus in percent of the top-up
     * @param capToLargestTopUp the top-up counts at most as much as the line's largest top-up so far
     * @param capAmounts        the top-up counts at most this much, per currency (empty: no fixed cap)
     */
    record TopUpBonus(BigDecimal percent, boolean capToLargestTopUp, Map<String, Long> capAmounts) implements Grant {

        public TopUpBonus {
            capAmounts = Map.copyOf(capAmounts);
        }

        @Override
        public CreditKind kind() {
            return CreditKind.TOPUP_BONUS;
        }
    }
}
