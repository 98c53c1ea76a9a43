package io.faultline.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BinaryInOutTest {

    @Test
    void writesExactlyTheBytesOfADataOutputStreamSoStoredValuesStillRead() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeByte(7);
            out.writeInt(-123_456_789);
            out.writeLong(Long.MIN_VALUE + 42);
            out.writeBoolean(true);
            BinaryStoreSerde.writeText(out, "Données mobiles ; 漢字 😀");
            BinaryStoreSerde.writeText(out, null);
            BinaryStoreSerde.writeText(out, "");
        }

        byte[] written = new BinaryOut(1).writeByte(7).writeInt(-123_456_789).writeLong(Long.MIN_VALUE + 42)
                .writeBoolean(true).writeText("Données mobiles ; 漢字 😀").writeText(null).writeText("")
                .toByteArray();

        assertThat(written).isEqualTo(expected.toByteArray());
    }

    @Test
    void readsWhatADataOutputStreamWroteAndWhatItWrites() throws IOException {
        byte[] bytes = new BinaryOut(4).writeByte(-2).writeInt(Integer.MAX_VALUE).writeLong(-1L).writeBoolean(false)
                .writeText("ça va").writeText(null).toByteArray();

        BinaryIn in = new BinaryIn(bytes);
        assertThat(in.readByte()).isEqualTo((byte) -2);
        assertThat(in.readInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(in.readLong()).isEqualTo(-1L);
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readText()).isEqualTo("ça va");
        assertThat(in.readText()).isNull();
        assertThat(in.atEnd()).isTrue();

        DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
        assertThat(data.readByte()).isEqualTo((byte) -2);
        assertThat(data.readInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(data.readLong()).isEqualTo(-1L);
        assertThat(data.readBoolean()).isFalse();
        assertThat(BinaryStoreSerde.readText(data)).isEqualTo("ça va");
    }

    @Test
    void aTruncatedValueIsAClearErrorNotGarbage() {
        byte[] bytes = new BinaryOut(4).writeText("subscriber").toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> new BinaryIn(truncated).readText()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    enum Colour { RED, GREEN, BLUE }

    @Test
    void enumsAreMatchedOnTheirNameBytesAndAnUnknownNameIsAnError() {
        byte[] bytes = new BinaryOut(8).writeText("GREEN").writeText(null).writeText("PURPLE").toByteArray();

        BinaryIn in = new BinaryIn(bytes);
        assertThat(in.readEnum(Colour.class)).isEqualTo(Colour.GREEN);
        assertThat(in.readEnum(Colour.class)).isNull();
        assertThatThrownBy(() -> in.readEnum(Colour.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Colour named PURPLE");
    }

    @Test
    void aCachedTextIsTheSameObjectForTheSameBytesAndNeverAnotherTextsValue() {
        BinaryCache<String> cache = new BinaryCache<>(2, 8);
        byte[] bytes = new BinaryOut(8).writeText("fr").writeText("en").writeText("fr").writeText("en")
                .writeText("a longer text than eight bytes").writeText("a longer text than eight bytes")
                .toByteArray();

        BinaryIn in = new BinaryIn(bytes);
        String fr = in.readText(cache);
        String en = in.readText(cache);
        assertThat(in.readText(cache)).isEqualTo("fr");
        assertThat(in.readText(cache)).isEqualTo("en");
        assertThat(in.readText(cache)).isEqualTo(in.readText(cache)).isEqualTo("a longer text than eight bytes");
        assertThat(fr).isEqualTo("fr");
        assertThat(en).isEqualTo("en");
    }

    @Test
    void aCacheHitReturnsTheFirstDecodingAndOnlyForEqualBytes() {
        BinaryCache<String> cache = new BinaryCache<>(1, 16);
        byte[] north = "xxnorthxx".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] south = "south".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String first = cache.put(north, 2, 7, new String("north"));

        assertThat(cache.get("north".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 5)).isSameAs(first);
        assertThat(cache.get(south, 0, 5)).as("one slot: south collides but is not north").isNull();
        cache.put(south, 0, 5, "south");
        assertThat(cache.get(north, 2, 7)).as("replaced by the collision").isNull();
        assertThat(cache.get(south, 0, 5)).isEqualTo("south");
    }

    @Test
    void skippingFindsTheEndOfAPartAndSeekGoesBackToDecodeIt() {
        byte[] bytes = new BinaryOut(8).writeText("plan-7").writeText(null).writeInt(3).toByteArray();

        BinaryIn in = new BinaryIn(bytes);
        in.skipText().skipText();
        int end = in.position();
        assertThat(in.readInt()).isEqualTo(3);
        in.seek(0);
        assertThat(in.readText()).isEqualTo("plan-7");
        assertThat(in.readText()).isNull();
        assertThat(in.position()).isEqualTo(end);
    }
}
