package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.Store;
import io.github.tinodej.testing.TestClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * reliability.md IN-10: a topic name that cannot name a topic is answered 400 or 404 (403 or 409
 * where Go checks permission or attachment first), never 500, and never reaches the store.
 */
class TopicNameTest extends EngineTest {
    /** Every string argument the engine passed to the store. */
    private final List<String> storeArguments = new CopyOnWriteArrayList<>();

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        Store recording = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (args != null) {
                        for (Object a : args) {
                            storeArguments.add(String.valueOf(a));
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return b.store(recording);
    }

    static Stream<Arguments> names() {
        return Stream.of(
            Arguments.of("empty", ""),
            Arguments.of("10 KB", "grp" + "A".repeat(10_240)),
            Arguments.of("path", "../../etc/passwd"),
            Arguments.of("path after prefix", "grp/../../x"),
            Arguments.of("usr bad base64", "usr!!!!!!!!!!!"),
            Arguments.of("usr too short", "usrAAAA"),
            Arguments.of("usr too long", "usrAAAAAAAAAAAAAAAAAAAA"),
            Arguments.of("grp wrong length", "grpAAAA"),
            Arguments.of("grp bad base64", "grp***********"),
            Arguments.of("p2p wrong length", "p2pAAAA"),
            Arguments.of("p2p well formed", "p2pAAAAAAAAAAAAAAAAAAAAAA"),
            Arguments.of("chn wrong length", "chnAAAA"),
            Arguments.of("NUL", "grp\u0000AAAAAAAAAA"),
            Arguments.of("RTL override", "grp\u202eAAAAAAAAAA"),
            Arguments.of("upper-case prefix", "GRPAAAAAAAAAAA"),
            Arguments.of("fnd with suffix", "fndAAAAAAAAAAA"),
            Arguments.of("me with suffix", "meAAAAAAAAAAA"),
            Arguments.of("sql", "grp'; DROP TABLE topics; --"),
            Arguments.of("emoji", "grp\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void hostileName_eachRequest_clientErrorAndNoStoreQuery(String label, String name) {
        TestClient c = user("names");
        storeArguments.clear();
        String quoted = new com.google.gson.JsonPrimitive(name).toString();
        String[] requests = {
            "{\"sub\":{\"id\":\"s\",\"topic\":" + quoted + "}}",
            "{\"sub\":{\"id\":\"s2\",\"topic\":" + quoted + ",\"get\":{\"what\":\"desc sub data\"}}}",
            "{\"get\":{\"id\":\"g\",\"topic\":" + quoted + ",\"what\":\"desc\"}}",
            "{\"get\":{\"id\":\"g2\",\"topic\":" + quoted + ",\"what\":\"sub data del\"}}",
            "{\"set\":{\"id\":\"t\",\"topic\":" + quoted + ",\"desc\":{\"private\":\"x\"}}}",
            "{\"set\":{\"id\":\"t2\",\"topic\":" + quoted + ",\"sub\":{\"mode\":\"JRW\"}}}",
            "{\"pub\":{\"id\":\"p\",\"topic\":" + quoted + ",\"content\":\"x\"}}",
            "{\"leave\":{\"id\":\"l\",\"topic\":" + quoted + ",\"unsub\":true}}",
            "{\"del\":{\"id\":\"d\",\"topic\":" + quoted + ",\"what\":\"topic\",\"hard\":true}}",
            "{\"del\":{\"id\":\"d2\",\"topic\":" + quoted + ",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}}",
        };
        for (String r : requests) {
            c.send(r);
            JsonObject ctrl = c.nextCtrlSkippingOthers();
            assertThat(ctrl.get("code").getAsInt()).as(r).isIn(304, 400, 403, 404, 409);
        }
        // Notes get at most Go's 409 "must attach first" (without id).
        c.send("{\"note\":{\"topic\":" + quoted + ",\"what\":\"read\",\"seq\":1}}");
        c.send("{\"note\":{\"topic\":" + quoted + ",\"what\":\"kp\"}}");
        c.send("1");
        for (String f = c.nextRaw(); !"0".equals(f); f = c.nextRaw()) {
            JsonObject frame = TestClient.json(f);
            if (frame.has("ctrl")) {
                assertThat(frame.getAsJsonObject("ctrl").get("code").getAsInt()).as(f).isIn(400, 404, 409);
            }
        }
        if (!name.isEmpty()) {
            assertThat(storeArguments).noneMatch(a -> a.contains(name));
        }
    }
}
