package io.cdp.server.bulker.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BytesMapTest {
    /** Looked up as the reader does: a range in the middle of a larger message. */
    private static String get(BytesMap<String> map, String key) {
        byte[] message = ("{\"k\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        return map.get(message, 6, message.length - 2);
    }

    private static void put(BytesMap<String> map, String key, String value) {
        byte[] message = ("[\"" + key + "\"]").getBytes(StandardCharsets.UTF_8);
        map.put(message, 2, message.length - 2, value);
    }

    @Test
    void findsEveryKeyPutThroughGrowthAndNothingElse() {
        BytesMap<String> map = new BytesMap<>();
        for (int i = 0; i < 20_000; i++) {
            put(map, "anon-" + i, "value " + i);
        }
        assertThat(map.size()).isEqualTo(20_000);
        for (int i = 0; i < 20_000; i++) {
            assertThat(get(map, "anon-" + i)).isEqualTo("value " + i);
        }
        assertThat(get(map, "anon-20000")).isNull();
        assertThat(get(map, "anon-")).isNull();
        assertThat(get(map, "")).isNull();
        assertThat(get(map, "nona-1")).isNull();
    }

    @Test
    void tellsApartKeysWithTheSameHash() {
        // "Aa" and "BB" have the same polynomial hash, so the mixed hash is equal too.
        byte[] aa = "Aa".getBytes(StandardCharsets.US_ASCII);
        byte[] bb = "BB".getBytes(StandardCharsets.US_ASCII);
        assertThat(BytesMap.hash(aa, 0, 2)).isEqualTo(BytesMap.hash(bb, 0, 2));
        BytesMap<String> map = new BytesMap<>();
        put(map, "Aa", "first");
        put(map, "BB", "second");
        assertThat(get(map, "Aa")).isEqualTo("first");
        assertThat(get(map, "BB")).isEqualTo("second");
        assertThat(get(map, "AaBB")).isNull();
    }

    /**
     * Visitor ids differ in their last characters only; unmixed, their hashes filled neighbouring
     * slots and a lookup walked six keys on average. Mixed, they spread over the table's slots
     * almost as random numbers would (a random spread of 6,000 keys over 16,384 slots leaves about
     * 5,000 distinct slots).
     */
    @Test
    void spreadsIdsThatDifferOnlyAtTheEnd() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 6000; i++) {
            byte[] id = ((i < 5000 ? "anon-" : "user-") + i).getBytes(StandardCharsets.US_ASCII);
            slots.add(BytesMap.hash(id, 0, id.length) & (16_384 - 1));
        }
        assertThat(slots.size()).isGreaterThan(4800);
    }
}
