package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebRtcSettingsTest {
    private static final String STUN = "[{\"urls\":[\"stun:stun.example.org\"]}]";

    private static WebRtcSettings from(String webrtc) {
        return WebRtcSettings.from(TinodeConfig.parse("{\"webrtc\": " + webrtc + "}"));
    }

    @Test
    void absentOrDisabled_callsOff() {
        assertThat(WebRtcSettings.from(TinodeConfig.empty())).isNull();
        assertThat(from("{\"enabled\": false, \"ice_servers\": " + STUN + "}")).isNull();
        // Tinode does not open the file either when calls are off.
        assertThat(from("{\"ice_servers_file\": \"/no/such/file.json\"}")).isNull();
    }

    @Test
    void inlineServers_inTinodeShape_defaultTimeout30s() {
        WebRtcSettings s = from("""
                {"enabled": true, "call_establishment_timeout": 0, "ice_servers": [
                  {"urls": ["stun:stun.example.org"]},
                  {"username": "u", "credential": "p", "credential_type": "", "note": "dropped",
                   "urls": ["turn:turn.example.org:3478?transport=udp"]}]}
                """);
        assertThat(JsonParser.parseString(s.iceServersJson())).isEqualTo(JsonParser.parseString("""
                [{"urls": ["stun:stun.example.org"]},
                 {"username": "u", "credential": "p", "urls": ["turn:turn.example.org:3478?transport=udp"]}]
                """));
        assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(from("{\"enabled\": true, \"call_establishment_timeout\": 45, \"ice_servers\": " + STUN + "}")
                .callTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void fileForm_readWhenNoInlineServers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ice.json");
        Files.writeString(file, "// from the TURN provider\n[{\"urls\": [\"turn:t.example.org\"], \"username\": \"a\"}]");
        WebRtcSettings s = from("{\"enabled\": true, \"ice_servers\": [], \"ice_servers_file\": \"" + file + "\"}");
        assertThat(JsonParser.parseString(s.iceServersJson()))
                .isEqualTo(JsonParser.parseString("[{\"username\": \"a\", \"urls\": [\"turn:t.example.org\"]}]"));
    }

    @Test
    void inlineAndFile_inlineWinsAndFileIsNotRead() {
        WebRtcSettings s = from("{\"enabled\": true, \"ice_servers\": " + STUN
                + ", \"ice_servers_file\": \"/no/such/file.json\"}");
        assertThat(JsonParser.parseString(s.iceServersJson())).isEqualTo(JsonParser.parseString(STUN));
    }

    @Test
    void badFile_errorNamesKeyAndFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> from("{\"enabled\": true, \"ice_servers_file\": \"" + dir.resolve("none.json") + "\"}"))
                .isInstanceOf(TinodeConfig.ConfigException.class)
                .hasMessageContaining("webrtc.ice_servers_file").hasMessageContaining("none.json");
        Path notArray = Files.writeString(dir.resolve("obj.json"), "{\"urls\": [\"stun:x\"]}");
        assertThatThrownBy(() -> from("{\"enabled\": true, \"ice_servers_file\": \"" + notArray + "\"}"))
                .hasMessageContaining("webrtc.ice_servers_file").hasMessageContaining("array");
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"urls\": ");
        assertThatThrownBy(() -> from("{\"enabled\": true, \"ice_servers_file\": \"" + broken + "\"}"))
                .hasMessageContaining("webrtc.ice_servers_file").hasMessageContaining("not valid JSON");
    }

    @Test
    void enabledWithoutServers_errorNamesBothKeys() {
        assertThatThrownBy(() -> from("{\"enabled\": true}"))
                .hasMessageContaining("webrtc.ice_servers").hasMessageContaining("webrtc.ice_servers_file");
    }

    @Test
    void malformedEntries_errorNamesEntry() {
        assertThatThrownBy(() -> from("{\"enabled\": true, \"ice_servers\": [{\"urls\": \"stun:x\"}]}"))
                .hasMessageContaining("webrtc.ice_servers[0].urls");
        assertThatThrownBy(() -> from("""
                {"enabled": true, "ice_servers": [{"urls": ["stun:x"]}, {"username": 7, "urls": ["stun:y"]}]}
                """)).hasMessageContaining("webrtc.ice_servers[1].username");
        // Decoded whole, as in Tinode: a wrong type fails even with calls off.
        assertThatThrownBy(() -> from("{\"enabled\": \"yes\"}")).hasMessageContaining("webrtc.enabled");
    }
}
