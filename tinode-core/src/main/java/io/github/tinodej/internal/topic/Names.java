package io.github.tinodej.internal.topic;

import io.github.tinodej.model.Uid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Topic naming rules (Tinode's {@code types.P2PName}, {@code GrpToChn} and friends). */
final class Names {
    private Names() {
    }

    /** {@code p2p} + base64url of both uids' little-endian bytes, the smaller (unsigned) first. */
    static String p2p(Uid a, Uid b) {
        long x = a.value();
        long y = b.value();
        if (Long.compareUnsigned(x, y) > 0) {
            long t = x;
            x = y;
            y = t;
        }
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(x).putLong(y).array();
        return "p2p" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The two users of a p2p name, or null if malformed. */
    static Uid[] p2pUsers(String name) {
        if (!name.startsWith("p2p") || name.length() != 25) {
            return null;
        }
        try {
            byte[] b = Base64.getUrlDecoder().decode(name.substring(3));
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return new Uid[] {new Uid(bb.getLong()), new Uid(bb.getLong())};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The channel name of a group ({@code grpX} to {@code chnX}). */
    static String chn(String grp) {
        return "chn" + grp.substring(3);
    }

    /** The group name of a channel ({@code chnX} to {@code grpX}). */
    static String grp(String chn) {
        return "grp" + chn.substring(3);
    }

    /** True for an 11-character id after a 3-letter prefix. */
    static boolean wellFormed(String name) {
        return name.length() == 14 && Uid.decode(name.substring(3)).isValid();
    }

    /** The name a user knows an internal topic name by. */
    static String clientName(Uid uid, String name) {
        if (name.equals(uid.userId())) {
            return "me";
        }
        if (name.startsWith("slf")) {
            return "slf";
        }
        Uid[] two = Names.p2pUsers(name);
        if (two != null) {
            return (two[0].equals(uid) ? two[1] : two[0]).userId();
        }
        return name;
    }
}
