package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python client on stubs that grpc_tools generates from our model.proto at test time, the
 * toolchain tn-cli and the chatbots use: src/test/python/grpc_session.py signs up, logs in, creates
 * a group, publishes and reads history. Skipped where Debian's python3-grpcio, python3-protobuf and
 * python3-grpc-tools are not installed (.ci/run installs them).
 */
class GrpcPythonTest {
    /** Debian's interpreter, where apt puts grpc; a pyenv python3 earlier in PATH would lack it. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(done ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    @Test
    void pythonClient_generatedStubs_wholeSession(@TempDir Path dir) throws Exception {
        Result probe = run(dir, PYTHON, "-c", "import grpc, google.protobuf, grpc_tools.protoc");
        assumeTrue(probe.exit() == 0, "python3 with grpc, protobuf and grpc_tools not installed: " + probe.output());
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Result gen = run(dir, PYTHON, "-m", "grpc_tools.protoc", "-Isrc/main/proto", "--python_out=" + stubs,
                "--grpc_python_out=" + stubs, "src/main/proto/model.proto");
        assertThat(gen.exit()).as(gen.output()).isZero();
        assertThat(stubs.resolve("model_pb2_grpc.py")).exists();

        GrpcTransport grpc = GrpcTransport.builder().host("127.0.0.1").port(0).build();
        try (TinodeServer server = TestServers.builder().transport(grpc).build().start()) {
            Result r = run(dir, PYTHON, "src/test/python/grpc_session.py", "127.0.0.1:" + grpc.port(),
                    stubs.toString(), "pyuser");
            assertThat(r.exit()).as(r.output()).isZero();
            List<String> out = r.lines();
            assertThat(out).as(r.output()).contains("HI 201 0.25", "PUB 202 1", "GET 208", "DONE");
            assertThat(out).anySatisfy(l -> assertThat(l).matches("ACC 201 usr[-_A-Za-z0-9]+"));
            assertThat(out).anySatisfy(l -> assertThat(l).matches("LOGIN 200 usr[-_A-Za-z0-9]+ token"));
            assertThat(out).anySatisfy(l -> assertThat(l).matches("SUB 200 grp[-_A-Za-z0-9]+"));
            assertThat(out).anySatisfy(l -> assertThat(l).matches("DESC py group JRWPASDO created"));
            assertThat(out).contains("DATA 1 True hello from python text/plain ts", "EMPTY 400 malformed LEAVE 200");
        }
    }
}
