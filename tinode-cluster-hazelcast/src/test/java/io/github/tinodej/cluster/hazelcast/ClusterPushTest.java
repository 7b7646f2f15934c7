package io.github.tinodej.cluster.hazelcast;

import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.RecordingPushProvider;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pushes for a user leave from the node that owns the user, with one unread count for the whole cluster. */
class ClusterPushTest {
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void messagesInGroupsMasteredOnTwoNodes_pushedFromUsersNode_badgeCountsBoth() {
        Nodes.Setup setup = new Nodes.Setup();
        setup.push = true;
        nodes = new Nodes(3, setup);
        TestClient a = nodes.user(0, "alice");
        TestClient a2 = nodes.client(1);
        a2.hi();
        assertThat(a2.loginBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(200);
        TestClient b = nodes.user(2, "bobby");
        // A new group is mastered on the node its creator is connected to.
        String g1 = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        String g2 = send(a2, "sub", "g2", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(nodes.ownerOf(g1)).isEqualTo(0);
        assertThat(nodes.ownerOf(g2)).isEqualTo(1);
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + g1 + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(b, "sub", "s2", "\"topic\":\"" + g2 + "\"").get("code").getAsInt()).isEqualTo(200);
        Uid bob = Uid.parseUserId(b.userId());
        int home = nodes.ownerOf(b.userId());
        RecordingPushProvider push = nodes.pushes.get(home);

        // Each push is awaited before the next message, so each badge is the count after it.
        int[] expected = {1, 2, 3, 4};
        for (int i = 0; i < expected.length; i++) {
            TestClient from = i % 2 == 0 ? a : a2;
            String grp = i % 2 == 0 ? g1 : g2;
            assertThat(send(from, "pub", "p" + i, "\"topic\":\"" + grp + "\",\"content\":\"m" + i + "\"").get("code")
                    .getAsInt()).isEqualTo(202);
            PushReceipt r = push.next(PushReceipt.MSG, bob);
            assertThat(r.payload().topic()).isEqualTo(grp);
            assertThat(r.to().get(bob).unread()).as("badge after message " + i).isEqualTo(expected[i]);
        }

        // Reading g1 (mastered away from at least one of the nodes) clears its two from the badge.
        b.send("{\"note\":{\"topic\":\"" + g1 + "\",\"what\":\"read\",\"seq\":2}}");
        PushReceipt read = push.next(PushReceipt.READ, bob);
        assertThat(read.to().get(bob).unread()).isEqualTo(2);
        assertThat(send(a2, "pub", "p9", "\"topic\":\"" + g2 + "\",\"content\":\"m9\"").get("code").getAsInt())
                .isEqualTo(202);
        assertThat(push.next(PushReceipt.MSG, bob).to().get(bob).unread()).isEqualTo(3);

        // No other node pushed to Bob.
        for (int i = 0; i < 3; i++) {
            if (i != home) {
                assertThat(nodes.pushes.get(i).drain()).noneMatch(r -> r.to().containsKey(bob));
            }
        }
    }
}
