package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fuzzes the {@code head} and (Drafty or any) {@code content} of {@code {pub}} (reliability.md
 * IN-13): whatever the codec accepts is stored and comes back unchanged, in the echo and from
 * history; only {@code head.sender}, which the server alone sets, is dropped.
 *
 * <p>Input: the head's JSON text, a newline, the content's JSON text.
 */
class ContentFuzzTest {
    private final Codec codec = new Codec();
    private FuzzWorld world;
    private FuzzWorld.Session session;
    private int requests;

    @BeforeEach
    void start() {
        world = new FuzzWorld();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @FuzzTest(maxDuration = "8s")
    void publish(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String headText = nl < 0 ? "" : text.substring(0, nl);
        String contentText = nl < 0 ? text : text.substring(nl + 1);
        String id = "c" + ++requests;
        String frame = "{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + world.group + "\""
                + (headText.isBlank() ? "" : ",\"head\":" + headText)
                + (contentText.isBlank() ? "" : ",\"content\":" + contentText) + "}}";
        ClientMessage sent;
        try {
            sent = codec.parse(frame);
        } catch (Codec.MalformedException e) {
            return;
        }
        if (sent.pub == null) {
            return;
        }
        FuzzWorld.Session s = attached();
        int before = s.seen().size();
        s.fuzz(frame);
        JsonObject ctrl = s.await(id);
        assertThat(ctrl).as("no reply to %s", frame).isNotNull();
        int code = ctrl.get("code").getAsInt();
        if (code != 202) {
            // A call started in a group is Go's 501; anything else refused is the client's fault.
            assertThat(code == 501 || code >= 400 && code < 500).as("%s got %s", frame, ctrl).isTrue();
            world.assertHealthy();
            return;
        }
        int seq = ctrl.getAsJsonObject("params").get("seq").getAsInt();
        JsonObject expectedHead = new JsonObject();
        if (sent.pub.head != null) {
            for (Map.Entry<String, JsonElement> e : sent.pub.head.entrySet()) {
                if (!"sender".equals(e.getKey())) {
                    expectedHead.add(e.getKey(), e.getValue());
                }
            }
        }
        JsonElement expectedContent = sent.pub.content == null ? JsonNull.INSTANCE : sent.pub.content;
        String get = "g" + id;
        s.send("{\"get\":{\"id\":\"" + get + "\",\"topic\":\"" + world.group + "\",\"what\":\"data\",\"data\":{\"since\":"
                + seq + ",\"before\":" + (seq + 1) + "}}}");
        assertThat(s.await(get)).isNotNull();
        int copies = 0;
        for (String f : s.seen().subList(before, s.seen().size())) {
            JsonObject d = f.startsWith("{\"data\"") ? JsonParser.parseString(f).getAsJsonObject().getAsJsonObject("data") : null;
            if (d != null && d.get("seq").getAsInt() == seq) {
                copies++;
                assertThat(d.has("head") ? d.getAsJsonObject("head") : new JsonObject()).as("head of %s", frame)
                        .isEqualTo(expectedHead);
                assertThat(d.get("content")).as("content of %s", frame).isEqualTo(expectedContent);
            }
        }
        assertThat(copies).as("echo and history copy of %s", frame).isEqualTo(2);
        world.assertHealthy();
    }

    /** One session attached to the group, reused across inputs while it lasts. */
    private FuzzWorld.Session attached() {
        if (session != null && !session.closedByServer() && session.seen().size() < 10_000) {
            return session;
        }
        session = world.connect();
        session.send("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\"}}");
        session.await("h");
        session.send("{\"login\":{\"id\":\"l\",\"scheme\":\"token\",\"secret\":\"" + world.token + "\"}}");
        session.await("l");
        session.send("{\"sub\":{\"id\":\"s\",\"topic\":\"" + world.group + "\"}}");
        assertThat(session.await("s").get("code").getAsInt()).isEqualTo(200);
        return session;
    }
}
