package io.cdp.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteKeysTest {
    @Test
    void keysAreRandomRecognisableAndBasicAuthSafe() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = WriteKeys.generate();
            assertThat(key).startsWith("cdp_wk_").hasSize(7 + 43).matches("cdp_wk_[A-Za-z0-9_-]+");
            keys.add(key);
        }
        assertThat(keys).hasSize(100);
    }

    @Test
    void hashIsHexSha256() {
        assertThat(WriteKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void maskKeepsOnlyThePrefixAndFourCharacters() {
        assertThat(WriteKeys.mask("cdp_wk_ABCDEFGHIJ")).isEqualTo("cdp_wk_ABCD…");
        assertThat(WriteKeys.mask("some-other-secret")).isEqualTo("so…");
        assertThat(WriteKeys.mask(null)).isEmpty();
        assertThat(WriteKeys.displayPrefix("cdp_wk_ABCDEFGHIJ")).isEqualTo("cdp_wk_ABCD");
    }

    @Test
    void anIdSecretKeyShowsItsPublicIdAndMasksItsSecret() {
        String key = WriteKeys.generate("key_3k9x0q7m2b8c1d4e");
        assertThat(key).matches("key_3k9x0q7m2b8c1d4e:cdp_wk_[A-Za-z0-9_-]{43}");
        assertThat(WriteKeys.mask(key)).isEqualTo(key.substring(0, 32) + "…");
        assertThat(WriteKeys.displayPrefix(key)).isEqualTo(key.substring(0, 32));
        assertThat(WriteKeys.mask("key_3k9x0q7m2b8c1d4e:***")).isEqualTo("key_3k9x0q7m2b8c1d4e:**…");
        assertThat(WriteKeys.scrub("bad '" + key + "'")).doesNotContain(key).contains(WriteKeys.mask(key));
    }

    @Test
    void scrubMasksEveryKeyInAText() {
        String key = WriteKeys.generate();
        String text = "Unrecognized token '" + key + "': was expecting JSON; also " + key + ".";
        assertThat(WriteKeys.scrub(text)).doesNotContain(key)
                .contains(WriteKeys.mask(key) + "'").contains(WriteKeys.mask(key) + ".");
        assertThat(WriteKeys.scrub("nothing here")).isEqualTo("nothing here");
        // An already masked key stays as it is.
        assertThat(WriteKeys.scrub("key cdp_wk_AbCd… was revoked")).isEqualTo("key cdp_wk_AbCd… was revoked");
    }
}
