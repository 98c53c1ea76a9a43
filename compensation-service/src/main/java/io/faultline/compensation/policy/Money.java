package io.faultline.compensation.policy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount in the minor units of its currency (pence, cents; yen have none), as policy files write it:
 * {@code "GBP 13.00"}. More decimals than the currency has is an error, never a silent rounding.
 *
 * @param currency ISO 4217 code
 * @param minor    amount in minor units
 */
public record Money(String currency, long minor) {

    public Money {
        digits(currency);
    }

    /** Reads {@code "CCY amount"}, e.g. {@code "EUR 200"} or {@code "GBP 0.50"}. */
    public static Money parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("an amount is written \"CCY 12.34\", was " + text);
        }
        String currency = parts[0].toUpperCase(Locale.ROOT);
        BigDecimal major = new BigDecimal(parts[1]);
        int digits = digits(currency);
        if (major.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(currency + " has " + digits + " decimals, was " + text);
        }
        return new Money(currency, major.movePointRight(digits).longValueExact());
    }

    /** How many minor-unit decimals the currency has (GBP 2, JPY 0, BHD 3). */
    public static int digits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (digits < 0) {
                throw new IllegalArgumentException(currency + " has no minor unit");
            }
            return digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency: " + currency);
        }
    }

    /** The amount as written in a policy file and a trace, e.g. {@code GBP 0.84}. */
    public static String format(long minor, String currency) {
        return currency + " " + BigDecimal.valueOf(minor).movePointLeft(digits(currency)).toPlainString();
    }

    @Override
    public String toString() {
        return format(minor, currency);
    }
}
