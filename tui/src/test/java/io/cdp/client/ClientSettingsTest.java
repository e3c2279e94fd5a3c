package io.cdp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path home;

    private void writeConnectionFile(String json) throws Exception {
        Files.createDirectories(home.resolve(".cdp"));
        Files.writeString(home.resolve(".cdp").resolve(ClientSettings.CONNECTION_FILE), json);
    }

    @Test
    void flagsWinOverEverything() throws Exception {
        writeConnectionFile("{\"url\":\"http://127.0.0.1:4000\",\"token\":\"from-file\"}");
        ClientSettings settings = ClientSettings.resolve("http://h:1/", "from-flag",
                Map.of("CDP_SERVER", "http://env:2", "CDP_ADMIN_TOKEN", "from-env", "CDP_HOME", home.toString()));
        assertThat(settings.server()).hasToString("http://h:1");
        assertThat(settings.token()).isEqualTo("from-flag");
        assertThat(settings.origin()).isEqualTo("--server");
    }

    @Test
    void environmentWinsOverTheDevFile() throws Exception {
        writeConnectionFile("{\"url\":\"http://127.0.0.1:4000\",\"token\":\"from-file\"}");
        ClientSettings settings = ClientSettings.resolve(null, null,
                Map.of("CDP_SERVER", "http://env:2", "CDP_ADMIN_TOKEN", "from-env", "CDP_HOME", home.toString()));
        assertThat(settings.server()).hasToString("http://env:2");
        assertThat(settings.token()).isEqualTo("from-env");
    }

    @Test
    void theDevServersFileIsFoundUnderCdpHome() throws Exception {
        writeConnectionFile("{\"url\":\"http://127.0.0.1:4000\",\"token\":\"from-file\"}");
        ClientSettings settings = ClientSettings.resolve(null, null, Map.of("CDP_HOME", home.toString()));
        assertThat(settings.server()).hasToString("http://127.0.0.1:4000");
        assertThat(settings.token()).isEqualTo("from-file");
        assertThat(settings.origin()).endsWith("server.json");
    }

    @Test
    void theDataDirOverridesWhereTheFileIs() throws Exception {
        Files.writeString(home.resolve(ClientSettings.CONNECTION_FILE), "{\"url\":\"http://127.0.0.1:5000\"}");
        ClientSettings settings = ClientSettings.resolve(null, null, Map.of("CDP_DATA_DIR", home.toString()));
        assertThat(settings.server()).hasToString("http://127.0.0.1:5000");
        assertThat(settings.token()).isNull();
    }

    @Test
    void theGeneratedTokenOfTheDataDirIsUsedWhenNothingElseNamesOne() throws Exception {
        String generated = LocalAdminToken.create(home);
        assertThat(Files.getPosixFilePermissions(home.resolve(LocalAdminToken.FILE_NAME)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(generated).hasSize(43).isEqualTo(LocalAdminToken.create(home));
        ClientSettings settings = ClientSettings.resolve(null, null, Map.of("CDP_DATA_DIR", home.toString()));
        assertThat(settings.token()).isEqualTo(generated);
        assertThat(ClientSettings.resolve(null, "from-flag", Map.of("CDP_DATA_DIR", home.toString())).token())
                .isEqualTo("from-flag");
    }

    @Test
    void withoutAnythingTheDefaultAddressAndNoTokenApply() throws Exception {
        writeConnectionFile("not json");
        ClientSettings settings = ClientSettings.resolve(null, null, Map.of("CDP_HOME", home.toString()));
        assertThat(settings.server()).hasToString(ClientSettings.DEFAULT_SERVER);
        assertThat(settings.token()).isNull();
        assertThat(settings.origin()).isEqualTo("the default address");
    }
}
