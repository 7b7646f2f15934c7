package io.github.tinodej.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TinodeExtensionTest {
    @RegisterExtension
    static final TinodeExtension SHARED = TinodeExtension.perClass();

    @Test
    void perClass_serverRunsAndAcceptsUsers() {
        TestClient carol = SHARED.newUser("carol");
        assertThat(carol.userId()).startsWith("usr");
        assertThat(SHARED.server().server().isRunning()).isTrue();
    }

    @Test
    void sameUserOnTwoDevices_seesOwnMessagesOnBoth() {
        TestClient phone = SHARED.newUser("dave");
        TestClient laptop = SHARED.server().login("dave");
        String grp = phone.createGroup();
        laptop.subscribe(grp);
        phone.publish(grp, "from the phone");
        assertThat(laptop.awaitData(grp).text()).isEqualTo("from the phone");
        // noecho: the sender's own device gets no copy.
        assertThat(phone.drainEvents()).noneMatch(e -> e instanceof io.github.tinodej.client.DataEvent);
    }

    @Test
    void typingIndicator_reachesTheOtherMember() {
        TestClient erin = SHARED.newUser("erin");
        String erinId = erin.userId();
        TestClient frank = SHARED.newUser("frank");
        String grp = erin.createGroup();
        erin.request("set", "{\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + frank.userId() + "\",\"mode\":\"JRWP\"}}");
        frank.subscribe(grp);
        erin.noteTyping(grp);
        assertThat(frank.awaitInfo(grp, "kp").from()).isEqualTo(erinId);
        assertThat(erin.userId()).isEqualTo(erinId);
    }

    @Test
    void fakeTime_movesOnlyWhenAdvanced() {
        java.time.Instant before = SHARED.clock().instant();
        SHARED.server().advance(Duration.ofHours(1));
        assertThat(SHARED.clock().instant()).isEqualTo(before.plus(Duration.ofHours(1)));
    }
}
