package io.faultline.testsupport;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One {@code submit_sm} that the {@link SmscSimulator} accepted.
 *
 * <p>For a concatenated SMS every PDU is one {@code ReceivedSms}; {@link #concatenation()} reads
 * the part numbers from the user data header.
 *
 * @param messageId          the message id answered in {@code submit_sm_resp}
 * @param sourceAddr         the {@code source_addr}
 * @param destinationAddr    the {@code destination_addr}
 * @param dataCoding         the {@code data_coding}
 * @param shortMessage       the raw {@code short_message} (user data header included), or the
 *                           {@code message_payload} TLV when {@code short_message} was empty
 * @param text               the decoded text without user data header: GSM 7-bit default
 *                           alphabet, UCS-2, Latin-1 or ASCII as the data coding says
 * @param esmClass           the {@code esm_class}
 * @param registeredDelivery the {@code registered_delivery}
 * @param receivedAt         when the simulator accepted it
 * @param serviceType        the {@code service_type} (empty for the default)
 * @param replaceIfPresent   whether {@code replace_if_present_flag} was set: the message replaces one from the same
 *                           source to the same destination with the same service type still awaiting delivery
 * @param validityPeriod     the {@code validity_period} as sent (SMPP time format), or null for the SMSC default
 */
public record ReceivedSms(String messageId, String sourceAddr, String destinationAddr, byte dataCoding,
                          byte[] shortMessage, String text, byte esmClass, byte registeredDelivery,
                          Instant receivedAt, String serviceType, boolean replaceIfPresent, String validityPeriod) {

    /**
     * The part numbers of a concatenated SMS, from a user data header.
     *
     * @param reference the concatenated message reference number (8 or 16 bit)
     * @param total     the total number of parts
     * @param sequence  the number of this part, from 1
     */
    public record Concatenation(int reference, int total, int sequence) {
    }

    /** Copies the message bytes so the record stays unchanged. */
    public ReceivedSms {
        shortMessage = shortMessage == null ? new byte[0] : shortMessage.clone();
    }

    /**
     * The raw message bytes.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    /**
     * Tells whether the {@code esm_class} announces a user data header (UDHI bit).
     *
     * @return {@code true} if {@link #shortMessage()} starts with a user data header
     */
    public boolean hasUdh() {
        return hasUdh(esmClass);
    }

    /**
     * The concatenation information element (IEI 0x00 or 0x08) of the user data header.
     *
     * @return the part numbers, or empty if this PDU is not part of a concatenated SMS
     */
    public Optional<Concatenation> concatenation() {
        if (!hasUdh() || shortMessage.length == 0) {
            return Optional.empty();
        }
        int udhLength = shortMessage[0] & 0xFF;
        int end = Math.min(shortMessage.length, 1 + udhLength);
        int i = 1;
        while (i + 1 < end) {
            int iei = shortMessage[i] & 0xFF;
            int length = shortMessage[i + 1] & 0xFF;
            int data = i + 2;
            if (data + length > end) {
                break;
            }
            if (iei == 0x00 && length == 3) {
                return Optional.of(new Concatenation(shortMessage[data] & 0xFF, shortMessage[data + 1] & 0xFF,
                        shortMessage[data + 2] & 0xFF));
            }
            if (iei == 0x08 && length == 4) {
                int reference = ((shortMessage[data] & 0xFF) << 8) | (shortMessage[data + 1] & 0xFF);
                return Optional.of(new Concatenation(reference, shortMessage[data + 2] & 0xFF,
                        shortMessage[data + 3] & 0xFF));
            }
            i = data + length;
        }
        return Optional.empty();
    }

    /**
     * Decodes the text of a short message: skips the user data header when the {@code esm_class}
     * has the UDHI bit, then decodes by {@code data_coding}: 0 and the GSM 7-bit codings as the
     * GSM default alphabet (unpacked), 8 and the UCS-2 codings as UTF-16BE, 1 as ASCII, anything
     * else as Latin-1.
     *
     * @param dataCoding   the {@code data_coding}
     * @param esmClass     the {@code esm_class}
     * @param shortMessage the raw message bytes
     * @return the decoded text
     */
    public static String decodeText(byte dataCoding, byte esmClass, byte[] shortMessage) {
        if (shortMessage == null || shortMessage.length == 0) {
            return "";
        }
        byte[] payload = shortMessage;
        if (hasUdh(esmClass)) {
            int skip = Math.min(shortMessage.length, 1 + (shortMessage[0] & 0xFF));
            payload = Arrays.copyOfRange(shortMessage, skip, shortMessage.length);
        }
        return switch (alphabet(dataCoding)) {
            case GSM7 -> Gsm7.decode(payload);
            case UCS2 -> new String(payload, StandardCharsets.UTF_16BE);
            case ASCII -> new String(payload, StandardCharsets.US_ASCII);
            case LATIN1 -> new String(payload, StandardCharsets.ISO_8859_1);
            case CYRILLIC -> new String(payload, Charset.forName("ISO-8859-5"));
            case HEBREW -> new String(payload, Charset.forName("ISO-8859-8"));
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedSms that
                && messageId.equals(that.messageId)
                && java.util.Objects.equals(sourceAddr, that.sourceAddr)
                && java.util.Objects.equals(destinationAddr, that.destinationAddr)
                && dataCoding == that.dataCoding
                && Arrays.equals(shortMessage, that.shortMessage)
                && esmClass == that.esmClass
                && registeredDelivery == that.registeredDelivery
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return messageId.hashCode();
    }

    @Override
    public String toString() {
        return "ReceivedSms[messageId=" + messageId + ", from=" + sourceAddr + ", to=" + destinationAddr
                + ", dataCoding=" + dataCoding + ", esmClass=" + esmClass
                + ", registeredDelivery=" + registeredDelivery + ", text=" + text
                + ", bytes=" + HexFormat.of().formatHex(shortMessage) + ", receivedAt=" + receivedAt + "]";
    }

    private static boolean hasUdh(byte esmClass) {
        return (esmClass & 0x40) != 0;
    }

    private enum Alphabet { GSM7, UCS2, ASCII, LATIN1, CYRILLIC, HEBREW }

    private static Alphabet alphabet(byte dataCoding) {
        int dcs = dataCoding & 0xFF;
        switch (dcs) {
            case 0x00:
                return Alphabet.GSM7;
            case 0x01:
                return Alphabet.ASCII;
            case 0x06:
                return Alphabet.CYRILLIC;
            case 0x07:
                return Alphabet.HEBREW;
            case 0x08:
                return Alphabet.UCS2;
            default:
                break;
        }
        if (dcs < 0x10) {
            return Alphabet.LATIN1; // 0x02/0x04 binary, 0x03 Latin-1 and other SMPP codings
        }
        if ((dcs & 0xC0) == 0x00) { // GSM 03.38 general data coding group
            return switch ((dcs >> 2) & 0x03) {
                case 0 -> Alphabet.GSM7;
                case 2 -> Alphabet.UCS2;
                default -> Alphabet.LATIN1;
            };
        }
        if ((dcs & 0xF0) == 0xF0) { // data coding / message class group
            return (dcs & 0x04) == 0 ? Alphabet.GSM7 : Alphabet.LATIN1;
        }
        if ((dcs & 0xF0) == 0xC0 || (dcs & 0xF0) == 0xD0) { // message waiting, GSM 7-bit
            return Alphabet.GSM7;
        }
        if ((dcs & 0xF0) == 0xE0) { // message waiting, UCS-2
            return Alphabet.UCS2;
        }
        return Alphabet.LATIN1;
    }
}
