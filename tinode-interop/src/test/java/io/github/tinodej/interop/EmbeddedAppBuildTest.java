package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library as a user adopts it: tinode-examples/embedded-app is a project outside this build
 * that imports the BOM, depends on the installed artifacts and tests itself with the test kit.
 * This builds it and runs its tests. It needs the artifacts of this build installed ({@code mvn
 * install}, which is what CI runs); after a plain {@code mvn verify} the local repository may
 * hold older ones, and the test is skipped rather than testing those.
 */
class EmbeddedAppBuildTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void exampleProject_buildsAgainstTheBomAndPassesItsTests() throws Exception {
        String version = System.getProperty("tinodej.version");
        Path repo = Path.of(System.getProperty("tinodej.localRepository"));
        for (String artifact : List.of("tinode-core", "tinode-test", "tinode-store-jdbc", "tinode-transport-undertow")) {
            assumeTrue(installedMatchesBuilt(repo, artifact, version),
                    artifact + " " + version + " in " + repo + " is not this build's: run mvn install");
        }
        assumeTrue(Files.exists(repo.resolve("io/github/tinodej/tinode-bom/" + version + "/tinode-bom-" + version + ".pom")),
                "tinode-bom is not installed: run mvn install");

        Path app = ROOT.resolve("tinode-examples/embedded-app");
        Path log = ROOT.resolve("tinode-interop/target/embedded-app-build.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-ntp", "-f", app.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + repo, "-Dtinodej.version=" + version, "clean", "test"));
        if ("offline=true".equals(System.getProperty("tinodej.offline"))) {
            cmd.add(1, "-o");
        }
        Process p = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("embedded-app build finished").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as("embedded-app build, see " + log).isZero();
        // Both of its test classes ran: the chat through the kit and the echo bot.
        assertThat(out).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0").contains("com.example.chat.ChatTest")
                .contains("com.example.chat.EchoBotTest").contains("BUILD SUCCESS");
    }

    private static boolean installedMatchesBuilt(Path repo, String artifact, String version) throws IOException {
        Path built = ROOT.resolve(artifact + "/target/" + artifact + "-" + version + ".jar");
        Path installed = repo.resolve("io/github/tinodej/" + artifact + "/" + version + "/" + artifact + "-" + version + ".jar");
        return Files.exists(built) && Files.exists(installed) && Files.mismatch(built, installed) == -1;
    }

    private static String mvn() {
        String home = System.getProperty("tinodej.mavenHome");
        return home != null && Files.isExecutable(Path.of(home, "bin", "mvn")) ? Path.of(home, "bin", "mvn").toString() : "mvn";
    }
}
