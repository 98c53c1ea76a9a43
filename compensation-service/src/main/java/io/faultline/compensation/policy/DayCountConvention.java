package io.faultline.compensation.policy;

import java.time.LocalDate;

/** How many days a monthly charge is divided by to price one day of it. */
public enum DayCountConvention {

    /** The real length of the month in which the outage started: 28, 29, 30 or 31. */
    ACTUAL {
        @Override
        public int daysInPeriod(LocalDate outageStart) {
            return outageStart.lengthOfMonth();
        }
    },
    /** Every month counts 30 days. */
    THIRTY {
        @Override
        public int daysInPeriod(LocalDate outageStart) {
            return 30;
        }
    },
    /** Every month counts 31 days. */
    THIRTY_ONE {
        @Override
        public int daysInPeriod(LocalDate outageStart) {
            return 31;
        }
    };

    /** The divisor of the monthly charge for an outage that started on the given day. */
    public abstract int daysInPeriod(LocalDate outageStart);
}
