package io.github.tinodej.store;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Records for the store contract. Ids, tags and names are fresh random values, so the contract
 * runs on a database that earlier runs (or another build at the same time) left rows in.
 */
public final class StoreFixtures {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every fixture's time; millisecond precision, which every database keeps. */
    public static final Instant T0 = Instant.parse("2026-02-03T04:05:06.789Z");
    public static final DefaultAccess USER_ACCESS = new DefaultAccess(AccessMode.parse("JRWPASD"), AccessMode.NONE);
    public static final DefaultAccess GROUP_ACCESS = new DefaultAccess(AccessMode.parse("JRWPS"), AccessMode.NONE);

    private StoreFixtures() {
    }

    public static Uid newUid() {
        long v;
        do {
            v = RANDOM.nextLong();
        } while (v == 0);
        return new Uid(v);
    }

    public static String newTag(String prefix) {
        return prefix + Uid.encode(RANDOM.nextLong()).toLowerCase().replace('-', 'x').replace('_', 'y');
    }

    public static User user(Uid uid, List<String> tags) {
        return new User(uid, T0, T0, ObjectState.OK, null, USER_ACCESS, "{\"fn\":\"Zoë 😀\"}", null, tags, null, null);
    }

    public static TopicRecord group(String name, Uid owner, List<String> tags) {
        return new TopicRecord(name, T0, T0, null, ObjectState.OK, null, false, owner, GROUP_ACCESS, 0, 0,
                "{\"fn\":\"Group\"}", null, tags, null);
    }

    public static String newGroupName() {
        return "grp" + Uid.encode(RANDOM.nextLong());
    }

    public static Subscription sub(String topic, Uid user, String mode) {
        return new Subscription(topic, user, T0, T0, null, AccessMode.parse(mode), AccessMode.parse(mode), null, 0, 0, 0);
    }

    public static Message msg(String topic, int seq, Uid from, String content) {
        return new Message(topic, seq, T0.plusSeconds(seq), from, "{\"mime\":\"text/plain\"}", content, 0);
    }

    /** An upload id as a media store makes them: 11 base64url characters. */
    public static String newFileId() {
        return Uid.encode(RANDOM.nextLong());
    }
}
