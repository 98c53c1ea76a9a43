package io.faultline.compensation.finance;

import io.faultline.compensation.ledger.CreditQueries.BookedCredit;
import io.faultline.compensation.policy.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes credits as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled), one header line then one line per credit. A text field that a spreadsheet would read as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe.
 */
public final class CreditCsv {

    /** The header line's columns, in order. */
    public static final String HEADER = "credit_id,outage_id,policy,subscriber_id,billing_account,kind,amount_minor,"
            + "amount,currency,tax_included,reason_code,granted_at,published,formula";

    private final Writer out;

    public CreditCsv(Writer out) {
        this.out = out;
    }

    /** Writes the header line. */
    public void header() {
        line(HEADER);
    }

    /** Writes one credit. */
    public void write(BookedCredit credit) {
        line(String.join(",", text(credit.creditId()), text(credit.outageId()),
                text(credit.policyId() + "@" + credit.policyVersion()), text(credit.subscriberId()),
                text(credit.billingAccount()), text(credit.kind()), Long.toString(credit.amountMinor()),
                Money.format(credit.amountMinor(), credit.currency()).substring(credit.currency().length() + 1),
                text(credit.currency()), Boolean.toString(credit.taxIncluded()), text(credit.reasonCode()),
                credit.grantedAt().toString(), Boolean.toString(credit.published()), text(credit.formula())));
    }

    /** A text field, neutralised against formula injection and quoted when it must be. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private void line(String line) {
        try {
            out.write(line);
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
