package io.faultline.compensation.finance;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.compensation.ledger.CreditQueries.BookedCredit;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The CSV export's format: RFC 4180 quoting, amounts in minor and major units, and no formula injection. */
class CreditCsvTest {

    @Test
    void writesAHeaderAndOneLinePerCreditWithCrlfEnds() {
        StringWriter out = new StringWriter();
        CreditCsv csv = new CreditCsv(out);
        csv.header();
        csv.write(new BookedCredit("6f1c5c2e-0000-3000-8000-000000000001", "OUT-1", "o2-2018-12", 1, "SUB-1",
                "ACC-1", "MONETARY", 84, "GBP", true, "OUTAGE_GOODWILL", Instant.parse("2018-12-07T10:00:00Z"),
                "airtime 1300 x 2 / 31 (ACTUAL) = 83.870967... -> 84 (HALF_UP) GBP minor units", true));
        csv.write(new BookedCredit("6f1c5c2e-0000-3000-8000-000000000002", "OUT-1", "yen", 2, "SUB-2", "ACC-2",
                "MONETARY", 194, "JPY", false, "GOODWILL", Instant.parse("2018-12-07T10:00:00Z"), "flat", false));

        assertThat(out.toString()).isEqualTo(CreditCsv.HEADER + "\r\n"
                + "6f1c5c2e-0000-3000-8000-000000000001,OUT-1,o2-2018-12@1,SUB-1,ACC-1,MONETARY,84,0.84,GBP,true,"
                + "OUTAGE_GOODWILL,2018-12-07T10:00:00Z,true,"
                + "airtime 1300 x 2 / 31 (ACTUAL) = 83.870967... -> 84 (HALF_UP) GBP minor units\r\n"
                + "6f1c5c2e-0000-3000-8000-000000000002,OUT-1,yen@2,SUB-2,ACC-2,MONETARY,194,194,JPY,false,GOODWILL,"
                + "2018-12-07T10:00:00Z,false,flat\r\n");
    }

    @Test
    void quotesWhatMustBeQuotedAndDefusesFormulas() {
        assertThat(CreditCsv.text("plain")).isEqualTo("plain");
        assertThat(CreditCsv.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(CreditCsv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CreditCsv.text("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CreditCsv.text("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CreditCsv.text("+1")).isEqualTo("'+1");
        assertThat(CreditCsv.text("-2+3")).isEqualTo("'-2+3");
        assertThat(CreditCsv.text("\t=1")).isEqualTo("'\t=1");
        assertThat(CreditCsv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CreditCsv.text(null)).isEmpty();
    }
}
