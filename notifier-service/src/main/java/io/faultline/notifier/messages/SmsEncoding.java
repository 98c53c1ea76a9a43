package io.faultline.notifier.messages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an SMS text for SMPP: GSM 03.38 default alphabet (data_coding 0, one septet per octet, extension
 * characters escaped) when every character has a GSM code, UCS-2 (data_coding 8) otherwise. A text longer than
 * one message is split into concatenated parts with an 8-bit reference UDH: 153 septets or 67 UCS-2
 * characters per part.
 */
public final class SmsEncoding {

    public static final byte DATA_CODING_GSM = 0x00;
    public static final byte DATA_CODING_UCS2 = 0x08;

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€";
    private static final byte[] GSM_EXTENSION_CODES = {0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    private SmsEncoding() {
    }

    /**
     * The encoded message.
     *
     * @param dataCoding SMPP data_coding
     * @param parts      short_message payloads, each with its UDH when there is more than one
     */
    public record Encoded(byte dataCoding, List<byte[]> parts) {

        public boolean concatenated() {
            return parts.size() > 1;
        }

        public int segments() {
            return parts.size();
        }
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x1b || (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    public static Encoded encode(String text, int reference) {
        if (isGsm7(text)) {
            List<byte[]> septets = gsmSeptets(text);
            int total = septets.stream().mapToInt(b -> b.length).sum();
            if (total <= 160) {
                return new Encoded(DATA_CODING_GSM, List.of(concat(septets)));
            }
            return new Encoded(DATA_CODING_GSM, withUdh(chunk(septets, 153), reference));
        }
        List<byte[]> units = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            units.add(String.valueOf(text.charAt(i)).getBytes(StandardCharsets.UTF_16BE));
        }
        if (text.length() <= 70) {
            return new Encoded(DATA_CODING_UCS2, List.of(text.getBytes(StandardCharsets.UTF_16BE)));
        }
        return new Encoded(DATA_CODING_UCS2, withUdh(chunk(units, 134), reference));
    }

    /** Decodes unpacked GSM 03.38 octets; used by tests and the simulator's assertions. */
    public static String decodeGsm(byte[] octets) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < octets.length; i++) {
            int code = octets[i] & 0x7F;
            if (code == 0x1b && i + 1 < octets.length) {
                int ext = octets[++i] & 0x7F;
                for (int e = 0; e < GSM_EXTENSION_CODES.length; e++) {
                    if (GSM_EXTENSION_CODES[e] == ext) {
                        sb.append(GSM_EXTENSION.charAt(e));
                    }
                }
            } else {
                sb.append(GSM_BASIC.charAt(code));
            }
        }
        return sb.toString();
    }

    private static List<byte[]> gsmSeptets(String text) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = GSM_BASIC.indexOf(c);
            if (basic >= 0) {
                out.add(new byte[] {(byte) basic});
            } else {
                out.add(new byte[] {0x1b, GSM_EXTENSION_CODES[GSM_EXTENSION.indexOf(c)]});
            }
        }
        return out;
    }

    /** Splits into parts of at most {@code max} bytes without splitting an escape sequence or a character. */
    private static List<byte[]> chunk(List<byte[]> units, int max) {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            if (current.size() + unit.length > max) {
                parts.add(current.toByteArray());
                current.reset();
            }
            current.writeBytes(unit);
        }
        if (current.size() > 0) {
            parts.add(current.toByteArray());
        }
        return parts;
    }

    private static List<byte[]> withUdh(List<byte[]> parts, int reference) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            byte[] body = parts.get(i);
            byte[] part = new byte[6 + body.length];
            part[0] = 0x05;
            part[1] = 0x00;
            part[2] = 0x03;
            part[3] = (byte) reference;
            part[4] = (byte) parts.size();
            part[5] = (byte) (i + 1);
            System.arraycopy(body, 0, part, 6, body.length);
            out.add(part);
        }
        return out;
    }

    private static byte[] concat(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        units.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
