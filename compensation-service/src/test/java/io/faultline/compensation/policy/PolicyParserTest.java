package io.faultline.compensation.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A policy file that cannot be loaded says which file, line and field, and why. */
class PolicyParserTest {

    private static final String HEADER = """
            policy: test
            version: 1
            title: Test policy
            effective: {from: 2010-01-01}
            zone: Europe/London
            reason: OUTAGE_GOODWILL
            """;

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> PolicyParser.parse("bad.yaml", yaml)).isInstanceOf(PolicyError.class)
                .hasMessage(message);
    }

    @Test
    void aMissingFieldIsNamed() {
        fails("""
                policy: test
                version: 1
                title: Test policy
                zone: Europe/London
                reason: OUTAGE_GOODWILL
                rules: []
                """, "bad.yaml:1: effective: is required");
    }

    @Test
    void aMisspeltFieldIsRejectedRatherThanIgnored() {
        fails(HEADER + """
                rules:
                  - id: r
                    proRata: {components: [airtime], days: 2, daycount: thirty}
                """, "bad.yaml:9: rules[0].proRata.daycount: is not a field here");
    }

    @Test
    void aValueOfTheWrongKindNamesItsLineAndTheAllowedValues() {
        fails(HEADER + """
                rules:
                  - id: r
                    proRata:
                      components: [airtime]
                      days: 2
                      dayCount: thirty-two
                """, "bad.yaml:12: rules[0].proRata.dayCount: must be one of [actual, thirty, thirty-one], was "
                + "thirty-two");
        fails(HEADER + """
                rules:
                  - id: r
                    proRata:
                      components: [airtime]
                      days: 0
                """, "bad.yaml:11: rules[0].proRata.days: must be at least 1, was 0");
    }

    @Test
    void amountsHaveTheirCurrencysDecimalsAndNoMore() {
        fails(HEADER + """
                rules:
                  - id: r
                    flat: {amounts: [GBP 1.234]}
                """, "bad.yaml:9: rules[0].flat.amounts: GBP has 2 decimals, was GBP 1.234");
        fails(HEADER + """
                rules:
                  - id: r
                    flat: {amounts: [XYZ 1]}
                """, "bad.yaml:9: rules[0].flat.amounts: not an ISO 4217 currency: XYZ");
    }

    @Test
    void aRuleGrantsExactlyOneThing() {
        fails(HEADER + """
                rules:
                  - id: r
                    flat: {amounts: [GBP 1]}
                    allowance: {quantity: 1, unit: GB, validity: P1M}
                """, "bad.yaml:8: rules[0]: a rule grants exactly one of [proRata, steps, flat, allowance, freeUsage, "
                + "topUpBonus], found [flat, allowance]");
    }

    @Test
    void repeatedKeysRulesAndBadDatesAreErrors() {
        fails(HEADER + "version: 2\nrules: []\n", "bad.yaml:7: version: appears twice");
        fails(HEADER + """
                rules:
                  - id: r
                    flat: {amounts: [GBP 1]}
                  - id: r
                    flat: {amounts: [GBP 2]}
                """, "bad.yaml:10: rules[1].id: another rule of this policy is called r");
        fails(HEADER.replace("{from: 2010-01-01}", "{from: 2010-01-01, until: 2009-12-31}") + "rules: []\n",
                "bad.yaml:4: effective.until: must not be before from (2010-01-01)");
        fails(HEADER.replace("2010-01-01", "2010-13-01") + "rules: []\n",
                "bad.yaml:4: effective.from: must be an ISO-8601 value, was 2010-13-01");
    }

    @Test
    void brokenYamlNamesItsLine() {
        fails(HEADER + "rules: [\n", "bad.yaml:8: not valid YAML: expected the node content, but found '<stream end>'");
    }
}
