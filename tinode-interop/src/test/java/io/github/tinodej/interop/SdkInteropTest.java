package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official JavaScript SDK ({@code tinode-sdk} 0.25.3) against the standalone launcher, as a
 * user would run it: the proof that the wire protocol is compatible.
 */
class SdkInteropTest {
    @TempDir
    static Path data;
    private static TinodeServer server;
    private static String host;

    @BeforeAll
    static void startLauncher() throws Exception {
        server = Launcher.start(new Launcher.Options("127.0.0.1:0", null, null, data));
        host = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopLauncher() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void basicAccount_signUpLoginTokenProfilePassword_overWebSocket() throws Exception {
        NodeScript.Result r = NodeScript.run("basic-account.mjs", host, "ws");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void messaging_groupP2pFndReceiptsHistoryEditsDeletes_overWebSocket() throws Exception {
        NodeScript.Result r = NodeScript.run("messaging.mjs", host, "ws");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void basicAccount_overLongPolling() throws Exception {
        NodeScript.Result r = NodeScript.run("basic-account.mjs", host, "lp");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void messaging_overLongPolling() throws Exception {
        NodeScript.Result r = NodeScript.run("messaging.mjs", host, "lp");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void files_uploadWithLargeFileHelperAndDownload_overWebSocket() throws Exception {
        NodeScript.Result r = NodeScript.run("files.mjs", host, "ws");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void files_uploadWithLargeFileHelperAndDownload_overLongPolling() throws Exception {
        NodeScript.Result r = NodeScript.run("files.mjs", host, "lp");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void corners_previewAttachFirstPresenceOrderAccountDeletion_overWebSocket() throws Exception {
        NodeScript.Result r = NodeScript.run("corners.mjs", host, "ws");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }

    @Test
    void corners_overLongPolling() throws Exception {
        NodeScript.Result r = NodeScript.run("corners.mjs", host, "lp");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
    }
}
