package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.auth.ApiKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The start banner and {@code --version}. */
class BannerTest {

    @Test
    void stockSalt_demoKey_addressesForEveryInterface() {
        List<String> lines = Banner.lines("jdbc:h2:file:/srv/data/db", "0.0.0.0", 6060, null, true);
        assertThat(lines.get(0)).startsWith("tinodej ").contains("Tinode protocol 0.25");
        assertThat(lines).contains("store: jdbc:h2:file:/srv/data/db", "TinodeWeb: http://localhost:6060/",
                "WebSocket: ws://localhost:6060/v0/channels?apikey=" + ApiKeys.DEMO_KEY,
                "long polling: http://localhost:6060/v0/channels/lp?apikey=" + ApiKeys.DEMO_KEY);
    }

    @Test
    void ownSalt_aKeyValidForIt_otherPortOnLoopback_noWebApp() {
        byte[] salt = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        List<String> lines = Banner.lines("jdbc:postgresql://db:5432/tinode", "0.0.0.0", 8080, salt, false);
        String ws = lines.stream().filter(l -> l.startsWith("WebSocket: ")).findFirst().orElseThrow();
        assertThat(ws).startsWith("WebSocket: ws://127.0.0.1:8080/v0/channels?apikey=");
        assertThat(ApiKeys.isValid(ws.substring(ws.indexOf("apikey=") + 7), salt)).isTrue();
        assertThat(lines).noneMatch(l -> l.startsWith("TinodeWeb"));
        assertThat(Banner.lines("jdbc:h2:mem:x", "::1", 6060, null, false)).anyMatch(l -> l.contains("ws://[::1]:6060/"));
    }

    @Test
    void databasePasswordsNeverShown() {
        assertThat(Banner.withoutSecrets("jdbc:mysql://db:3306/tinode?user=root&password=hunter2&useSSL=false"))
                .isEqualTo("jdbc:mysql://db:3306/tinode?user=root&password=***&useSSL=false");
        assertThat(Banner.withoutSecrets("jdbc:postgresql://bob:hunter2@db/tinode")).doesNotContain("hunter2");
        assertThat(Banner.withoutSecrets("jdbc:sqlserver://db;Password=hunter2;x=1")).doesNotContain("hunter2");
    }

    @Test
    void versionFlag_printsVersionAndProtocol() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new TinodeMain()).setOut(new PrintWriter(out)).execute("--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("tinodej ").contains("Tinode protocol 0.25");
    }
}
