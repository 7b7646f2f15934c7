package io.github.tinodej.internal.codec;

import io.github.tinodej.protocol.WireTime;

/**
 * The timestamps a client sends ({@code ims} of a {@code get} section) are Go {@code time.Time}
 * fields: one that is not RFC 3339 fails Go's decoding of the whole frame, so the reply is 400
 * "malformed" with no id. We keep them as strings and check them here, at parse time, to answer
 * the same.
 */
final class Timestamps {
    private Timestamps() {
    }

    static void check(ClientMessage m) throws Codec.MalformedException {
        if (m.get != null) {
            opts(m.get.desc);
            opts(m.get.sub);
            opts(m.get.data);
            opts(m.get.del);
        }
        if (m.sub != null && m.sub.get != null) {
            opts(m.sub.get.desc);
            opts(m.sub.get.sub);
            opts(m.sub.get.data);
            opts(m.sub.get.del);
        }
    }

    private static void opts(ClientMessage.GetOpts o) throws Codec.MalformedException {
        if (o != null && o.ims != null) {
            try {
                WireTime.parse(o.ims);
            } catch (IllegalArgumentException e) {
                throw new Codec.MalformedException("ims is not an RFC 3339 time");
            }
        }
    }
}
