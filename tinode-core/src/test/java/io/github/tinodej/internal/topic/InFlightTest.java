package io.github.tinodej.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which forwarded requests still wait for their node's reply. */
class InFlightTest {
    private final InFlight inFlight = new InFlight();

    @Test
    void replyFromTheNodeItWentTo_endsTheRequest_otherNodesAndFramesDoNot() {
        inFlight.sent("s1", "n1", "1", "grpA");
        inFlight.sent("s1", "n2", "1", "grpB");
        inFlight.sent("s1", "n1", "a\"b", "grpA");
        inFlight.sent("s1", "n1", "", "grpA");

        inFlight.frame("s1", "n2", "{\"data\":{\"topic\":\"grpA\",\"seq\":1}}");
        inFlight.frame("s1", "n2", "{\"ctrl\":{\"id\":\"1\",\"topic\":\"grpB\",\"code\":202}}");
        inFlight.frame("s1", "n1", "{\"meta\":{\"id\":\"a\\\"b\",\"topic\":\"grpA\"}}");

        assertThat(inFlight.lost("s1", n -> true)).containsExactly(new InFlight.Req("n1", "1", "grpA"));
        assertThat(inFlight.lost("s1", n -> true)).isEmpty();
    }

    @Test
    void lost_takesOnlyTheNodesGone_inTheOrderSent() {
        for (int i = 0; i < 4; i++) {
            inFlight.sent("s1", i % 2 == 0 ? "dead" : "live", "r" + i, "grpA");
        }
        assertThat(inFlight.lost("s1", "dead"::equals)).extracting(InFlight.Req::id).containsExactly("r0", "r2");
        assertThat(inFlight.lost("s1", n -> true)).extracting(InFlight.Req::id).containsExactly("r1", "r3");
    }

    @Test
    void sent_pastTheBound_forgetsTheOldest() {
        for (int i = 0; i <= InFlight.MAX_PER_SESSION; i++) {
            inFlight.sent("s1", "n1", "r" + i, "grpA");
        }
        assertThat(inFlight.lost("s1", n -> true)).hasSize(InFlight.MAX_PER_SESSION).first()
                .extracting(InFlight.Req::id).isEqualTo("r1");
    }
}
