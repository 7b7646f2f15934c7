package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinodeConfigTest {

    @Test
    void comments_andUrlsInStrings_parsed() {
        TinodeConfig c = TinodeConfig.parse("""
                // leading comment
                {
                  /* block
                     comment */
                  "listen": ":7070", // trailing
                  "static_mount": "http://example.org//x",
                  "max_message_size": 4096,
                  "p2p_delete_enabled": false,
                  "auth_config": {"token": {"expire_in": 60, "key": "wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc="}}
                }
                """);
        assertThat(c.string("listen")).isEqualTo(":7070");
        assertThat(c.string("static_mount")).isEqualTo("http://example.org//x");
        assertThat(c.number("max_message_size", 0)).isEqualTo(4096);
        assertThat(c.bool("p2p_delete_enabled", true)).isFalse();
        assertThat(c.number("auth_config.token.expire_in", 0)).isEqualTo(60);
        assertThat(c.bytes("auth_config.token.key")).hasSize(32);
        assertThat(c.number("max_tag_count", 16)).isEqualTo(16);
        // Static files are only ever served at /.
        assertThat(c.unsupportedKeys()).containsExactly("static_mount");
    }

    @Test
    void trailingCommas_ignoredAsTinodeDoes() {
        // Tinode's stock tinode.conf has commas before closing braces, often after a comment.
        TinodeConfig c = TinodeConfig.parse("""
                {
                  "media": {
                    "handlers": {
                      "fs": {
                        "upload_dir": "uploads,/*not a comment*/",
                        "cache_control": "max-age=86400",
                        // "cors_origins": ["*"]
                      },
                    },
                  },
                  "webrtc": {"enabled": false, "ice_servers": [{"urls": ["stun:a", "stun:b",]},],},
                }
                """);
        assertThat(c.string("media.handlers.fs.upload_dir")).isEqualTo("uploads,/*not a comment*/");
        assertThat(c.string("media.handlers.fs.cache_control")).isEqualTo("max-age=86400");
        // An array keeps its elements: no null for the trailing comma.
        assertThat(TinodeConfig.lenientJson("[1, 2, ]", "x").getAsJsonArray()).hasSize(2);
        assertThat(TinodeConfig.lenientJson("{\"a\": [\"x,]\" , ] }", "x").getAsJsonObject().getAsJsonArray("a"))
                .hasSize(1);
    }

    @Test
    void unknownKeys_reportedNotFatal() {
        TinodeConfig c = TinodeConfig.parse("{\"listen\":\":1\",\"frobnicate\":1,\"auth_config\":{\"basic\":{\"x\":1}}}");
        assertThat(c.unsupportedKeys()).containsExactly("frobnicate", "auth_config.basic.x");
    }

    @Test
    void wrongTypes_errorNamesKey() {
        TinodeConfig c = TinodeConfig.parse("{\"max_message_size\":\"big\",\"listen\":6060,\"p2p_delete_enabled\":1}");
        assertThatThrownBy(() -> c.number("max_message_size", 0)).hasMessageContaining("max_message_size");
        assertThatThrownBy(() -> c.string("listen")).hasMessageContaining("listen");
        assertThatThrownBy(() -> c.bool("p2p_delete_enabled", true)).hasMessageContaining("p2p_delete_enabled");
        assertThatThrownBy(() -> TinodeConfig.parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> TinodeConfig.parse("{\"a\": ")).hasMessageContaining("not valid JSON");
    }

    @Test
    void shippedSample_parses() throws Exception {
        try (var in = getClass().getResourceAsStream("/tinode.conf")) {
            TinodeConfig c = TinodeConfig.parse(new String(in.readAllBytes()));
            assertThat(c.unsupportedKeys()).isEmpty();
            assertThat(c.string("listen")).isEqualTo(":6060");
        }
    }

    @Test
    void listen_forms() {
        assertThat(Listen.parse(":6060")).isEqualTo(new Listen("0.0.0.0", 6060));
        assertThat(Listen.parse("127.0.0.1:0")).isEqualTo(new Listen("127.0.0.1", 0));
        assertThat(Listen.parse("[::1]:80")).isEqualTo(new Listen("::1", 80));
        assertThatThrownBy(() -> Listen.parse("6060")).hasMessageContaining("6060");
        assertThatThrownBy(() -> Listen.parse(":http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Listen.parse(":99999")).hasMessageContaining("range");
    }

    @Test
    void generatedTokenKey_keptAcrossRuns(@TempDir Path dir) throws Exception {
        byte[] first = Launcher.tokenKey(TinodeConfig.empty(), dir);
        byte[] second = Launcher.tokenKey(TinodeConfig.empty(), dir);
        assertThat(second).isEqualTo(first).hasSize(32);
        assertThat(Files.exists(dir.resolve("token.key"))).isTrue();
    }

    @Test
    void tokenOldKeys_decodedAndChecked() {
        String k = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(Launcher.tokenOldKeys(TinodeConfig.empty())).isEmpty();
        assertThat(Launcher.tokenOldKeys(TinodeConfig.parse("{\"auth_config\": {\"token\": {\"old_keys\": [\"" + k + "\"]}}}")))
                .singleElement().satisfies(b -> assertThat(b).hasSize(32));
        assertThatThrownBy(() -> Launcher.tokenOldKeys(TinodeConfig.parse("{\"auth_config\": {\"token\": {\"old_keys\": [\"AAAA\"]}}}")))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("old_keys");
    }

    @Test
    void strings_arrayOfStringsOrAbsent() {
        TinodeConfig c = TinodeConfig.parse("{\"trusted_proxies\": [\"10.0.0.0/8\", \"::1\"], \"bad\": [1], \"worse\": \"x\"}");
        assertThat(c.strings("trusted_proxies")).containsExactly("10.0.0.0/8", "::1");
        assertThat(c.strings("absent")).isNull();
        assertThatThrownBy(() -> c.strings("bad")).isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("bad");
        assertThatThrownBy(() -> c.strings("worse")).isInstanceOf(TinodeConfig.ConfigException.class);
    }
}
