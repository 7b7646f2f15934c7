package io.github.tinodej.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tinodej.model.Uid;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the topic name rules a client's name goes through (reliability.md IN-10): no exception,
 * and what a name is taken to mean encodes back to the same pair of users or group.
 */
class NamesFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void names(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
        check(new String(data, StandardCharsets.ISO_8859_1));
    }

    private static void check(String name) {
        Uid[] pair = Names.p2pUsers(name);
        if (pair != null) {
            assertThat(name).startsWith("p2p").hasSize(25);
            // The canonical name of the pair names the same two users, whatever order the input had.
            Uid[] again = Names.p2pUsers(Names.p2p(pair[0], pair[1]));
            assertThat(again).containsExactlyInAnyOrder(pair);
        }
        if (Names.wellFormed(name)) {
            assertThat(name).hasSize(14);
            String suffix = name.substring(3);
            Uid id = Uid.decode(suffix);
            assertThat(id.isValid()).isTrue();
            assertThat(Uid.decode(id.encoded())).isEqualTo(id);
            assertThat(Names.grp(Names.chn(name))).isEqualTo("grp" + suffix);
        }
        Uid user = Uid.parseUserId(name);
        if (user.isValid()) {
            assertThat(Uid.parseUserId(user.userId())).isEqualTo(user);
            Uid[] p2p = Names.p2pUsers(Names.p2p(user, new Uid(1)));
            assertThat(p2p).containsExactlyInAnyOrder(user, new Uid(1));
        }
    }
}
