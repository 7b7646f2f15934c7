package io.github.tinodej.internal.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A receipt's part for another node's users crosses the cluster without losing a field. */
class PushWireTest {

    @Test
    void encodeDecode_everyFieldAndTheTopicFigures_survive() {
        Uid a = new Uid(1234567);
        Uid b = new Uid(7654321);
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        to.put(a, new PushReceipt.Recipient(2, List.of("tok-1", "tok-2"), 0));
        to.put(b, new PushReceipt.Recipient(0, List.of(), 0));
        PushReceipt.Payload p = new PushReceipt.Payload(PushReceipt.SUB, true, "grpXYZ",
                Instant.parse("2026-12-07T04:17:02.123456789Z"), a, 42, "text/x-drafty", "{\"txt\":\"hi\"}",
                "started", true, ":41", AccessMode.parse("JRWP"), AccessMode.parse("JRWPS"));
        PushReceipt draft = new PushReceipt(to, null, p);

        PushWire.Decoded d = PushWire.decode(PushWire.encode(draft, "grpXYZ", Map.of(a, new PushEvents.Seen(42, 40))));

        assertThat(d.draft()).isEqualTo(draft);
        assertThat(d.topic()).isEqualTo("grpXYZ");
        assertThat(d.seen()).containsExactly(Map.entry(a, new PushEvents.Seen(42, 40)));
    }

    @Test
    void encodeDecode_optionalFieldsAbsent_stayNull() {
        Uid a = new Uid(99);
        PushReceipt.Payload p = new PushReceipt.Payload(PushReceipt.MSG, false, "p2pAB", Instant.EPOCH, null, 1,
                null, null, null, false, null, null, null);
        PushReceipt draft = new PushReceipt(Map.of(a, new PushReceipt.Recipient(0, List.of(), 0)), null, p);

        assertThat(PushWire.decode(PushWire.encode(draft, "p2pAB", Map.of())).draft()).isEqualTo(draft);
    }
}
