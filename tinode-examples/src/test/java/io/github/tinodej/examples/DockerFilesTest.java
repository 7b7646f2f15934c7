package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container files under {@code docker/}. No container engine runs here, so the Dockerfile and
 * the compose file are checked for what they must say, and the entrypoint is run for real with
 * bash and a stub {@code java} first on the PATH that records its arguments: the tinode.conf it
 * writes must be JSON the launcher reads without unimplemented keys, with the values the
 * environment gave.
 */
@DisabledOnOs(OS.WINDOWS)
class DockerFilesTest {
    private static final Path DOCKER = Path.of("../docker").toAbsolutePath().normalize();
    private static final String STUB = """
            #!/bin/bash
            printf '%s\\n' "$*" >> "$STUB_LOG"
            if [[ " $* " == *" init-db "* ]] && [ -n "${STUB_FAIL_INIT:-}" ]; then exit 3; fi
            exit 0
            """;

    @TempDir
    Path dir;

    @Test
    void dockerfile_temurinJre17_exposesPort_entrypointRunsTheBuiltJar() throws Exception {
        String df = Files.readString(DOCKER.resolve("Dockerfile"));
        assertThat(df).containsPattern("(?m)^FROM eclipse-temurin:17-jre\\s*$");
        assertThat(df).containsPattern("(?m)^EXPOSE 6060\\s*$");
        assertThat(df).containsPattern("(?m)^ENTRYPOINT \\[\"\\./entrypoint\\.sh\"\\]\\s*$");
        assertThat(df).containsPattern("(?m)^WORKDIR /opt/tinode\\s*$");
        assertThat(df).containsPattern("(?m)^VOLUME \\[\"/opt/tinode/data\"\\]\\s*$");
        assertThat(df).containsPattern("(?m)^USER tinode\\s*$");
        assertThat(df).containsPattern("(?m)^HEALTHCHECK .*\\n.*/readyz");
        // The jar it copies is where the shade plugin writes it; the entrypoint is the one tested below.
        Matcher jar = Pattern.compile("(?m)^COPY .*?(\\S+/tinode\\.jar) /opt/tinode/tinode\\.jar").matcher(df);
        assertThat(jar.find()).isTrue();
        assertThat(jar.group(1)).isEqualTo("tinode-examples/target/tinode.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<outputFile>${project.build.directory}/tinode.jar</outputFile>");
        assertThat(df).containsPattern("(?m)^COPY .*docker/entrypoint\\.sh /opt/tinode/entrypoint\\.sh");
        assertThat(Files.isExecutable(DOCKER.resolve("entrypoint.sh"))).isTrue();
    }

    @Test
    void compose_serverAndMariaDb_withPortsHealthchecksAndVolumes() throws Exception {
        String yml = Files.readString(DOCKER.resolve("docker-compose.yml"));
        List<String> db = block(yml, "  db:");
        assertThat(db).anySatisfy(l -> assertThat(l).matches("\\s+image: mariadb:\\d+.*"));
        assertThat(db).anySatisfy(l -> assertThat(l).contains("hostname: mysql"));
        assertThat(db).anySatisfy(l -> assertThat(l).contains("db-data:/var/lib/mysql"));
        assertThat(db).anySatisfy(l -> assertThat(l).contains("healthcheck:"));
        List<String> server = block(yml, "  tinode-0:");
        assertThat(server).anySatisfy(l -> assertThat(l).contains("dockerfile: docker/Dockerfile"));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("- \"6060:6060\""));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("tinode-data:/opt/tinode/data"));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("condition: service_healthy"));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("/readyz"));
        assertThat(server).anySatisfy(l -> assertThat(l).contains("healthcheck:"));
        assertThat(block(yml, "volumes:")).contains("  db-data:", "  tinode-data:");

        // The server's environment, with compose's ${VAR:-default} defaults, run through the
        // entrypoint: it must name the MariaDB service of this file.
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^  \"([A-Z_]+)\": \"(.*)\"\\s*$").matcher(String.join("\n", block(yml, "x-tinode-env-vars:")));
        while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
        }
        assertThat(env).containsEntry("WAIT_FOR", "mysql:3306").containsEntry("STORE_USE_ADAPTER", "mysql");
        env.remove("WAIT_FOR"); // no such host here
        Run run = entrypoint(env);
        assertThat(run.exit()).as(run.output()).isZero();
        TinodeConfig cfg = TinodeConfig.load(dir.resolve("working.config"));
        StoreSelection.Jdbc jdbc = StoreSelection.jdbc(cfg, dir);
        assertThat(jdbc.url()).isEqualTo("jdbc:mysql://mysql:3306/tinode");
        assertThat(jdbc.user()).isEqualTo("root");
        assertThat(jdbc.password()).isEqualTo(Pattern.compile("MARIADB_ROOT_PASSWORD: \"\\$\\{MYSQL_ROOT_PASSWORD:-([^}]*)}\"")
                .matcher(yml).results().findFirst().orElseThrow().group(1));
    }

    @Test
    void entrypoint_mysqlAndKeysFromEnvironment_resetsThenRunsTheServer() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("STORE_USE_ADAPTER", "mysql");
            env.put("MYSQL_DSN", "tinode:p\"w@tcp(db.example:3307)/chat?parseTime=true");
            env.put("WAIT_FOR", "127.0.0.1:" + database.getLocalPort());
            env.put("RESET_DB", "true");
            env.put("SAMPLE_DATA", "/opt/tinode/sample/data.json");
            env.put("API_KEY_SALT", "T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=");
            env.put("AUTH_TOKEN_KEY", "wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc=");
            env.put("UID_ENCRYPTION_KEY", "la6YsO+bNX/+XIkOqc5Svw==");
            env.put("FS_CORS_ORIGINS", "[\"https://chat.example.com\"]");
            env.put("TLS_ENABLED", "true");
            env.put("TLS_CERT_FILE", "/etc/tinode/cert.pem");
            env.put("TLS_KEY_FILE", "/etc/tinode/key.pem");
            env.put("SMTP_SERVER", "smtp.example.com");
            env.put("SMTP_PORT", "587");
            env.put("SMTP_DOMAINS", "\"example.com\",\"example.org\"");
            env.put("FCM_CRED_FILE", "/etc/tinode/fcm.json");
            env.put("FCM_PROJECT_ID", "tinode-1000");
            env.put("TNPG_AUTH_TOKEN", "tnpg-token");
            env.put("TNPG_ORG", "acme");
            env.put("ICE_SERVERS_FILE", "/etc/tinode/ice.json");
            Run run = entrypoint(env);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.calls()).containsExactly(
                    "-jar ./tinode.jar init-db --reset --config working.config --data ./data --data_file /opt/tinode/sample/data.json",
                    "-jar ./tinode.jar --config working.config --data ./data");
        }
        TinodeConfig cfg = TinodeConfig.load(dir.resolve("working.config"));
        // UID_ENCRYPTION_KEY is not supported and therefore not written: nothing here is ignored.
        assertThat(cfg.unsupportedKeys()).isEmpty();
        assertThat(cfg.string("store_config.use_adapter")).isEqualTo("mysql");
        StoreSelection.Jdbc jdbc = StoreSelection.jdbc(cfg, dir);
        assertThat(jdbc.url()).isEqualTo("jdbc:mysql://db.example:3307/chat");
        assertThat(jdbc.user()).isEqualTo("tinode");
        assertThat(jdbc.password()).isEqualTo("p\"w");
        assertThat(cfg.string("api_key_salt")).isEqualTo("T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=");
        assertThat(Launcher.tokenKey(cfg, dir)).hasSize(32);
        assertThat(cfg.string("auth_config.token.key")).isEqualTo("wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc=");
        assertThat(cfg.strings("media.handlers.fs.cors_origins")).containsExactly("https://chat.example.com");
        assertThat(cfg.bool("tls.enabled", false)).isTrue();
        assertThat(cfg.string("tls.cert_file")).isEqualTo("/etc/tinode/cert.pem");
        assertThat(cfg.string("acc_validation.email.config.smtp_server")).isEqualTo("smtp.example.com");
        assertThat(cfg.strings("acc_validation.email.required")).containsExactly("auth");
        assertThat(cfg.strings("acc_validation.email.config.domains")).containsExactly("example.com", "example.org");
        assertThat(cfg.element("push").toString()).contains("\"name\":\"tnpg\"", "\"token\":\"tnpg-token\"", "\"org\":\"acme\"",
                "\"name\":\"fcm\"", "\"credentials_file\":\"/etc/tinode/fcm.json\"", "\"project_id\":\"tinode-1000\"");
        assertThat(cfg.bool("webrtc.enabled", false)).isTrue();
        assertThat(cfg.string("webrtc.ice_servers_file")).isEqualTo("/etc/tinode/ice.json");
    }

    @Test
    void entrypoint_defaults_h2_upgradeDb_andTheLauncherServesWhatItWrote() throws Exception {
        Path data = dir.resolve("volume");
        Run run = entrypoint(Map.of("UPGRADE_DB", "true", "DATA_DIR", data.toString(), "JAVA_OPTS", "-Xmx256m -Dx=1"));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly(
                "-Xmx256m -Dx=1 -jar ./tinode.jar upgrade-db --config working.config --data " + data,
                "-Xmx256m -Dx=1 -jar ./tinode.jar --config working.config --data " + data);
        Path conf = dir.resolve("working.config");
        TinodeConfig cfg = TinodeConfig.load(conf);
        assertThat(cfg.unsupportedKeys()).isEmpty();
        assertThat(cfg.string("store_config.use_adapter")).isEmpty();
        assertThat(cfg.bytes("auth_config.token.key")).as("generated by the server, kept in the volume").isNull();
        // The real launcher on that file (H2 in the volume folder): it starts and is ready.
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, data))) {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
        assertThat(data.resolve("uploads")).isDirectory();
    }

    @Test
    void entrypoint_extConfig_usedAsIs_andFailuresStopBeforeTheServer() throws Exception {
        Path own = Files.writeString(dir.resolve("own.conf"), "{\"listen\": \":7070\"}");
        Run run = entrypoint(Map.of("EXT_CONFIG", own.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).containsExactly("-jar ./tinode.jar --config " + own + " --data ./data");
        assertThat(dir.resolve("working.config")).doesNotExist();

        Files.deleteIfExists(dir.resolve("calls.txt"));
        Run badWait = entrypoint(Map.of("WAIT_FOR", "mysql"));
        assertThat(badWait.exit()).isEqualTo(1);
        assertThat(badWait.output()).contains("HOST:PORT");
        assertThat(badWait.calls()).isEmpty();

        Run failedReset = entrypoint(Map.of("RESET_DB", "true", "STUB_FAIL_INIT", "1"));
        assertThat(failedReset.exit()).isEqualTo(1);
        assertThat(failedReset.calls()).hasSize(1).allSatisfy(c -> assertThat(c).contains("init-db --reset"));

        Files.deleteIfExists(dir.resolve("calls.txt"));
        Run badHandler = entrypoint(Map.of("MEDIA_HANDLER", "s3"));
        assertThat(badHandler.exit()).isEqualTo(1);
        assertThat(badHandler.output()).contains("MEDIA_HANDLER");
        assertThat(badHandler.calls()).isEmpty();
    }

    /** What one run of the entrypoint did. */
    private record Run(int exit, String output, List<String> calls) {
    }

    /** Runs docker/entrypoint.sh with bash in {@link #dir}, a stub java first on the PATH, and only {@code vars} set. */
    private Run entrypoint(Map<String, String> vars) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = Files.writeString(bin.resolve("java"), STUB);
        stub.toFile().setExecutable(true);
        Path log = dir.resolve("calls.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", DOCKER.resolve("entrypoint.sh").toString()).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("STUB_LOG", log.toString());
        pb.environment().putAll(vars);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("entrypoint finished").isTrue();
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(p.exitValue(), out, calls);
    }

    /** The lines under {@code header} (exactly that line) that are indented deeper than it. */
    private static List<String> block(String yml, String header) {
        List<String> out = new ArrayList<>();
        int indent = header.length() - header.stripLeading().length();
        boolean in = false;
        for (String line : yml.split("\n")) {
            if (!in) {
                in = line.equals(header) || line.startsWith(header + " ");
                continue;
            }
            if (!line.isBlank() && !line.stripLeading().startsWith("#") && line.length() - line.stripLeading().length() <= indent) {
                break;
            }
            out.add(line);
        }
        assertThat(in).as("'" + header + "' in the compose file").isTrue();
        return out;
    }
}
