package io.faultline.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The GSM 03.38 default alphabet with its extension table, one septet per octet (unpacked), as
 * SMPP carries it in {@code short_message} with data coding 0.
 */
public final class Gsm7 {

    private static final char ESCAPE = '\u001B';

    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final Map<Integer, Character> EXTENSION = Map.of(
            0x0A, '\f', 0x14, '^', 0x28, '{', 0x29, '}', 0x2F, '\\',
            0x3C, '[', 0x3D, '~', 0x3E, ']', 0x40, '|', 0x65, '€');

    private static final Map<Character, Integer> BASIC_REVERSE = new HashMap<>();
    private static final Map<Character, Integer> EXTENSION_REVERSE = new HashMap<>();

    static {
        if (BASIC.length() != 128) {
            throw new ExceptionInInitializerError("GSM basic table must have 128 characters, has " + BASIC.length());
        }
        for (int i = 0; i < BASIC.length(); i++) {
            if (i != 0x1B) {
                BASIC_REVERSE.put(BASIC.charAt(i), i);
            }
        }
        EXTENSION.forEach((septet, c) -> EXTENSION_REVERSE.put(c, septet));
    }

    private Gsm7() {
    }

    /**
     * Decodes unpacked GSM 7-bit septets (one per octet). An escape followed by an unknown
     * extension septet decodes as the basic character of that septet, as GSM 03.38 asks.
     *
     * @param septets the octets, each holding one septet
     * @return the decoded text
     */
    public static String decode(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int septet = septets[i] & 0x7F;
            if (septet == 0x1B && i + 1 < septets.length) {
                int next = septets[++i] & 0x7F;
                Character extended = EXTENSION.get(next);
                text.append(extended != null ? extended : BASIC.charAt(next));
            } else if (septet == 0x1B) {
                text.append(' ');
            } else {
                text.append(BASIC.charAt(septet));
            }
        }
        return text.toString();
    }

    /**
     * Tells whether every character of the text exists in the GSM default alphabet or its
     * extension table.
     *
     * @param text the text
     * @return {@code true} if {@link #encode(String)} can encode it
     */
    public static boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!BASIC_REVERSE.containsKey(c) && !EXTENSION_REVERSE.containsKey(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes text as unpacked GSM 7-bit septets, extension characters as escape + septet.
     *
     * @param text the text, which {@link #canEncode(String)} must accept
     * @return one octet per septet
     * @throws IllegalArgumentException if a character has no GSM encoding
     */
    public static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Integer basic = BASIC_REVERSE.get(c);
            if (basic != null) {
                out.write(basic);
                continue;
            }
            Integer extended = EXTENSION_REVERSE.get(c);
            if (extended == null) {
                throw new IllegalArgumentException("No GSM 7-bit encoding for '" + c + "' (U+"
                        + String.format("%04X", (int) c) + ")");
            }
            out.write(ESCAPE);
            out.write(extended);
        }
        return out.toByteArray();
    }
}
