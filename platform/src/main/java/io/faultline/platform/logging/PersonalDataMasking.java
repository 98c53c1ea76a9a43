package io.faultline.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers and email addresses in text bound for logs: {@code +447700900123} becomes
 * {@code +*********123}, {@code jane.doe@example.com} becomes {@code j***@example.com}.
 */
public final class PersonalDataMasking {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    private static final Pattern PHONE = Pattern.compile("(?<!\\w|\\d[.:-])(\\+?)(\\d{6,12})(\\d{3})(?!\\w|[.:-]\\d)");

    private PersonalDataMasking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher m = PHONE.matcher(masked);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "*".repeat(m.group(2).length()) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static String msisdn(String msisdn) {
        if (msisdn == null) {
            return null;
        }
        int keep = Math.min(3, msisdn.length());
        return "*".repeat(msisdn.length() - keep) + msisdn.substring(msisdn.length() - keep);
    }

    public static String email(String email) {
        return email == null ? null : mask(email);
    }
}
