package io.github.tinodej.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have. A store module extends this class and provides
 * {@link #createStore()}; tests use fresh random ids and names, so a database shared by runs works.
 * Published in tinode-core's test-jar.
 */
public abstract class StoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    protected static final Instant T0 = Instant.parse("2026-02-03T04:05:06.789Z");
    private static final DefaultAccess USER_ACCESS = new DefaultAccess(AccessMode.parse("JRWPASD"), AccessMode.NONE);
    private static final DefaultAccess GROUP_ACCESS = new DefaultAccess(AccessMode.parse("JRWPS"), AccessMode.NONE);

    protected Store store;

    /** A store ready for use ({@link Store#open()} is called by the contract). */
    protected abstract Store createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
        store.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Uid newUid() {
        long v;
        do {
            v = RANDOM.nextLong();
        } while (v == 0);
        return new Uid(v);
    }

    protected static String newTag(String prefix) {
        return prefix + Uid.encode(RANDOM.nextLong()).toLowerCase().replace('-', 'x').replace('_', 'y');
    }

    protected static User user(Uid uid, List<String> tags) {
        return new User(uid, T0, T0, ObjectState.OK, null, USER_ACCESS, "{\"fn\":\"Zoë 😀\"}", null, tags, null, null);
    }

    protected static TopicRecord group(String name, Uid owner, List<String> tags) {
        return new TopicRecord(name, T0, T0, null, ObjectState.OK, null, false, owner, GROUP_ACCESS, 0, 0,
                "{\"fn\":\"Group\"}", null, tags, null);
    }

    protected static String newGroupName() {
        return "grp" + Uid.encode(RANDOM.nextLong());
    }

    protected static Subscription sub(String topic, Uid user, String mode) {
        return new Subscription(topic, user, T0, T0, null, AccessMode.parse(mode), AccessMode.parse(mode), null, 0, 0, 0);
    }

    protected static Message msg(String topic, int seq, Uid from, String content) {
        return new Message(topic, seq, T0.plusSeconds(seq), from, "{\"mime\":\"text/plain\"}", content, 0);
    }

    // ---- users ----

    @Test
    void user_createGetUpdate_roundTripsEveryField() {
        Uid uid = newUid();
        User u = new User(uid, T0, T0.plusMillis(1), ObjectState.SUSPENDED, T0.plusMillis(2), USER_ACCESS,
                "{\"fn\":\"Zoë 😀\",\"n\":[1,2]}", "{\"verified\":true}", List.of("alpha", "basic:zoe"),
                T0.plusMillis(3), "TinodeWeb/0.25");
        store.createUser(u);
        assertThat(store.getUser(uid)).contains(u);
        User changed = u.withPublic("\"plain\"", T0.plusSeconds(9)).withTags(List.of("beta"), T0.plusSeconds(9));
        store.updateUser(changed);
        assertThat(store.getUser(uid)).contains(changed);
        assertThat(store.getUser(newUid())).isEmpty();
    }

    @Test
    void user_createTwice_duplicate() {
        User u = user(newUid(), List.of());
        store.createUser(u);
        assertThatThrownBy(() -> store.createUser(u)).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.DUPLICATE);
    }

    @Test
    void user_getUsers_returnsExistingOnly() {
        User a = user(newUid(), List.of());
        User b = user(newUid(), List.of());
        store.createUser(a);
        store.createUser(b);
        assertThat(store.getUsers(List.of(a.uid(), b.uid(), newUid()))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void user_softDelete_marksDeletedAndDropsAuthAndDevices() {
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        String login = newTag("u");
        store.addAuthRecord(new AuthRecord("basic:" + login, uid, "basic", AuthLevel.AUTH, new byte[] {1, 2}, null));
        store.upsertDevice(uid, new Device("dev1", "web", T0, "en"));
        store.deleteUser(uid, false);
        assertThat(store.getUser(uid)).get().extracting(User::state).isEqualTo(ObjectState.DELETED);
        assertThat(store.getAuthRecordByUnique("basic:" + login)).isEmpty();
        assertThat(store.getDevices(uid)).isEmpty();
    }

    @Test
    void user_hardDelete_removesUserAndSubscriptions() {
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        store.upsertSubscription(sub(uid.userId(), uid, "JPS"));
        store.deleteUser(uid, true);
        assertThat(store.getUser(uid)).isEmpty();
        assertThat(store.getUserSubscriptions(uid)).isEmpty();
    }

    // ---- auth ----

    @Test
    void auth_addGetUpdateDelete() {
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        String login = newTag("a");
        AuthRecord r = new AuthRecord("basic:" + login, uid, "basic", AuthLevel.AUTH, new byte[] {9, 8, 7},
                T0.plusSeconds(100));
        store.addAuthRecord(r);
        assertThat(store.getAuthRecordByUnique("basic:" + login)).contains(r);
        assertThat(store.getAuthRecord(uid, "basic")).contains(r);
        assertThat(store.getAuthRecord(uid, "token")).isEmpty();

        String login2 = newTag("b");
        AuthRecord r2 = new AuthRecord("basic:" + login2, uid, "basic", AuthLevel.ROOT, new byte[] {1}, null);
        store.updateAuthRecord(r2);
        assertThat(store.getAuthRecordByUnique("basic:" + login)).isEmpty();
        assertThat(store.getAuthRecord(uid, "basic")).contains(r2);

        store.deleteAuthRecords(uid, "basic");
        assertThat(store.getAuthRecord(uid, "basic")).isEmpty();
    }

    @Test
    void auth_duplicateUnique_rejected() {
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        String login = newTag("d");
        store.addAuthRecord(new AuthRecord("basic:" + login, a, "basic", AuthLevel.AUTH, new byte[] {1}, null));
        assertThatThrownBy(() -> store.addAuthRecord(
                new AuthRecord("basic:" + login, b, "basic", AuthLevel.AUTH, new byte[] {2}, null)))
                .isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.DUPLICATE);
        String other = newTag("e");
        store.addAuthRecord(new AuthRecord("basic:" + other, b, "basic", AuthLevel.AUTH, new byte[] {2}, null));
        assertThatThrownBy(() -> store.updateAuthRecord(
                new AuthRecord("basic:" + login, b, "basic", AuthLevel.AUTH, new byte[] {3}, null)))
                .isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.DUPLICATE);
    }

    // ---- subscriptions ----

    @Test
    void subscription_concurrentNewSubscriptionsOfOneUser_allStored() throws Exception {
        // Two users joining many topics at once, as when p2p topics are opened in parallel: InnoDB
        // picks deadlock victims among such inserts, and the store must absorb that, not fail.
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String g = newGroupName();
            store.createTopic(group(g, a, List.of()));
            names.add(g);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (String g : names) {
                jobs.add(pool.submit(() -> {
                    store.upsertSubscription(sub(g, a, "JRWPASDO"));
                    store.upsertSubscription(sub(g, b, "JRWP"));
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.getUserSubscriptions(a)).extracting(Subscription::topic).containsAll(names);
        assertThat(store.getUserSubscriptions(b)).extracting(Subscription::topic).containsAll(names);
    }

    @Test
    void subscription_upsertGetList() {
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, uid, List.of()));
        Subscription s = new Subscription(g, uid, T0, T0, null, AccessMode.parse("JRWPASDO"),
                AccessMode.parse("JRWPASDO"), "{\"note\":\"ü\"}", 3, 4, 1);
        store.upsertSubscription(s);
        store.upsertSubscription(sub(uid.userId(), uid, "JPS"));
        assertThat(store.getSubscription(g, uid)).contains(s);
        Subscription gone = s.withDeleted(T0.plusSeconds(5));
        store.upsertSubscription(gone);
        assertThat(store.getSubscription(g, uid)).contains(gone);
        assertThat(store.getUserSubscriptions(uid)).extracting(Subscription::topic)
                .containsExactlyInAnyOrder(g, uid.userId());
        assertThat(store.getTopicSubscriptions(g)).containsExactly(gone);
    }

    // ---- devices ----

    @Test
    void devices_upsertListDelete() {
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        store.upsertDevice(uid, new Device("d1", "android", T0, "en-US"));
        store.upsertDevice(uid, new Device("d1", "android", T0.plusSeconds(1), "de"));
        store.upsertDevice(uid, new Device("d2", "web", T0, ""));
        assertThat(store.getDevices(uid)).containsExactlyInAnyOrder(
                new Device("d1", "android", T0.plusSeconds(1), "de"), new Device("d2", "web", T0, ""));
        store.deleteDevice(uid, "d1");
        store.deleteDevice(uid, "nope");
        assertThat(store.getDevices(uid)).extracting(Device::deviceId).containsExactly("d2");
    }

    // ---- topics ----

    @Test
    void topic_createGetUpdate_keepsSeqAndDelId() {
        Uid owner = newUid();
        store.createUser(user(owner, List.of()));
        String g = newGroupName();
        TopicRecord t = group(g, owner, List.of("club"));
        store.createTopic(t);
        assertThat(store.getTopic(g)).contains(t);
        assertThatThrownBy(() -> store.createTopic(t)).isInstanceOf(StoreException.class);
        store.saveMessage(msg(g, 1, owner, "\"hi\""));
        TopicRecord changed = t.withDesc(t.access(), "{\"fn\":\"New\"}", "{\"v\":1}", T0.plusSeconds(50))
                .withAux("{\"pins\":[1]}", T0.plusSeconds(50));
        store.updateTopic(changed);
        TopicRecord got = store.getTopic(g).orElseThrow();
        assertThat(got.publicJson()).isEqualTo("{\"fn\":\"New\"}");
        assertThat(got.trustedJson()).isEqualTo("{\"v\":1}");
        assertThat(got.auxJson()).isEqualTo("{\"pins\":[1]}");
        assertThat(got.seqId()).isEqualTo(1);
        assertThat(got.touched()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.getTopics(List.of(g, newGroupName()))).hasSize(1);
    }

    @Test
    void topic_softAndHardDelete() {
        Uid owner = newUid();
        store.createUser(user(owner, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, owner, List.of()));
        store.upsertSubscription(sub(g, owner, "JRWPASDO"));
        store.saveMessage(msg(g, 1, owner, "\"x\""));
        store.deleteTopic(g, false);
        assertThat(store.getTopic(g)).get().extracting(TopicRecord::state).isEqualTo(ObjectState.DELETED);
        store.deleteTopic(g, true);
        assertThat(store.getTopic(g)).isEmpty();
        assertThat(store.getTopicSubscriptions(g)).isEmpty();
        assertThat(store.getMessages(g, owner, new MessageQuery(0, 0, List.of(), 10))).isEmpty();
    }

    // ---- messages ----

    @Test
    void saveMessage_advancesSeqTouchedAndSenderMarkers() {
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        store.upsertSubscription(sub(g, a, "JRWPASDO"));
        store.upsertSubscription(sub(g, b, "JRWPS"));
        store.saveMessage(msg(g, 1, a, "{\"txt\":\"héllo\",\"fmt\":[{\"at\":0,\"len\":1}]}"));
        store.saveMessage(msg(g, 2, b, "null"));
        TopicRecord t = store.getTopic(g).orElseThrow();
        assertThat(t.seqId()).isEqualTo(2);
        assertThat(t.touched()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.getSubscription(g, a).orElseThrow()).extracting(Subscription::readSeq, Subscription::recvSeq)
                .containsExactly(1, 1);
        assertThat(store.getSubscription(g, b).orElseThrow()).extracting(Subscription::readSeq, Subscription::recvSeq)
                .containsExactly(2, 2);
        List<Message> all = store.getMessages(g, a, new MessageQuery(0, 0, List.of(), 100));
        assertThat(all).extracting(Message::seq).containsExactly(2, 1);
        assertThat(all.get(1).contentJson()).isEqualTo("{\"txt\":\"héllo\",\"fmt\":[{\"at\":0,\"len\":1}]}");
        assertThat(all.get(1).headJson()).isEqualTo("{\"mime\":\"text/plain\"}");
        assertThat(all.get(1).from()).isEqualTo(a);
        assertThat(all.get(1).created()).isEqualTo(T0.plusSeconds(1));
        assertThatThrownBy(() -> store.saveMessage(msg(g, 2, a, "\"again\""))).isInstanceOf(StoreException.class);
    }

    /**
     * reliability.md IN-12: what a client may send comes back unchanged: 4-byte emoji (MySQL's
     * 3-byte utf8 would refuse them), joiner sequences, combining marks, the replacement
     * character the codec puts for lone surrogates, an escaped NUL and a bidi override.
     */
    @Test
    void unicode_emojiMarksAndEscapes_roundTripInMessagesProfilesAndTags() {
        String text = "\ud83d\ude00 \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 e\u0301 \ud834\udd1e \ufffd \u202e \\u0000";
        String json = "{\"txt\":\"" + text + "\"}";
        String emojiTag = newTag("e") + "\ud83d\ude00\u200d\ud83d\udd25";
        Uid a = newUid();
        User u = new User(a, T0, T0, ObjectState.OK, null, USER_ACCESS, json, json, List.of(emojiTag), T0,
                "Tinode\ud83d\ude00/0.25");
        store.createUser(u);
        assertThat(store.getUser(a)).contains(u);
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        store.saveMessage(new Message(g, 1, T0, a, "{\"mime\":\"text/x-drafty\",\"k\\ud83d\\ude00\":\"" + text + "\"}",
                json, 0));
        Message m = store.getMessages(g, a, new MessageQuery(0, 0, List.of(), 10)).get(0);
        assertThat(m.contentJson()).isEqualTo(json);
        assertThat(m.headJson()).contains(text);
        assertThat(store.findByTags(List.of(emojiTag), List.of(), false, 10)).extracting(TagMatch::name)
                .containsExactly(a.userId());
    }

    @Test
    void saveMessage_unknownTopic_topicNotFound() {
        assertThatThrownBy(() -> store.saveMessage(msg(newGroupName(), 1, newUid(), "\"x\"")))
                .isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.TOPIC_NOT_FOUND);
    }

    @Test
    void getMessages_pagingNewestFirst() {
        Uid a = newUid();
        store.createUser(user(a, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        for (int i = 1; i <= 30; i++) {
            store.saveMessage(msg(g, i, a, "\"m" + i + "\""));
        }
        assertThat(store.getMessages(g, a, new MessageQuery(0, 0, List.of(), 5))).extracting(Message::seq)
                .containsExactly(30, 29, 28, 27, 26);
        assertThat(store.getMessages(g, a, new MessageQuery(0, 26, List.of(), 3))).extracting(Message::seq)
                .containsExactly(25, 24, 23);
        assertThat(store.getMessages(g, a, new MessageQuery(10, 13, List.of(), 100))).extracting(Message::seq)
                .containsExactly(12, 11, 10);
        assertThat(store.getMessages(g, a, new MessageQuery(0, 0,
                List.of(new SeqRange(3, 0), new SeqRange(7, 9)), 100))).extracting(Message::seq)
                .containsExactly(8, 7, 3);
    }

    @Test
    void deleteMessages_softHidesForOneUserHardForAll() {
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        store.upsertSubscription(sub(g, a, "JRWPASDO"));
        store.upsertSubscription(sub(g, b, "JRWPS"));
        for (int i = 1; i <= 6; i++) {
            store.saveMessage(msg(g, i, a, "\"m" + i + "\""));
        }
        MessageQuery all = new MessageQuery(0, 0, List.of(), 100);
        store.deleteMessages(g, 1, b, List.of(new SeqRange(1, 3)), null);
        assertThat(store.getMessages(g, b, all)).extracting(Message::seq).containsExactly(6, 5, 4, 3);
        assertThat(store.getMessages(g, a, all)).extracting(Message::seq).containsExactly(6, 5, 4, 3, 2, 1);
        assertThat(store.getSubscription(g, b).orElseThrow().delId()).isEqualTo(1);

        store.deleteMessages(g, 2, Uid.ZERO, List.of(new SeqRange(5, 0)), null);
        assertThat(store.getMessages(g, a, all)).extracting(Message::seq).containsExactly(6, 4, 3, 2, 1);
        assertThat(store.getTopic(g).orElseThrow().delId()).isEqualTo(2);
        // Hard deletes respect the age cutoff: message 3 is older than the cutoff and stays.
        store.deleteMessages(g, 3, Uid.ZERO, List.of(new SeqRange(3, 5)), T0.plusSeconds(4));
        assertThat(store.getMessages(g, a, all)).extracting(Message::seq).containsExactly(6, 3, 2, 1);

        assertThat(store.getDeletions(g, b, 0, 0, 100)).containsExactly(
                new DelLogEntry(g, 1, b, new SeqRange(1, 3)),
                new DelLogEntry(g, 2, Uid.ZERO, new SeqRange(5, 0)),
                new DelLogEntry(g, 3, Uid.ZERO, new SeqRange(3, 5)));
        assertThat(store.getDeletions(g, a, 0, 0, 100)).extracting(DelLogEntry::delId).containsExactly(2, 3);
        assertThat(store.getDeletions(g, b, 2, 3, 100)).extracting(DelLogEntry::delId).containsExactly(2);
        assertThat(store.getDeletions(g, b, 0, 0, 1)).hasSize(1);
    }

    // ---- file references ----

    /** An upload id as a media store makes them: 11 base64url characters. */
    protected static String newFileId() {
        return Uid.encode(RANDOM.nextLong());
    }

    @Test
    void fileLinks_messageReferences_goOnlyWithHardDelete() {
        Uid a = newUid();
        store.createUser(user(a, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        store.upsertSubscription(sub(g, a, "JRWPASDO"));
        String f1 = newFileId();
        String f2 = newFileId();
        String never = newFileId();
        store.saveMessage(msg(g, 1, a, "\"one\""), List.of(f1));
        store.saveMessage(msg(g, 2, a, "\"two\""), List.of(f2, f1));
        store.saveMessage(msg(g, 3, a, "\"three\""), List.of());
        assertThat(store.referencedFiles(List.of(f1, f2, never))).containsExactlyInAnyOrder(f1, f2);
        assertThat(store.getTopic(g).orElseThrow().seqId()).isEqualTo(3);

        // A soft delete hides messages from one user only: the files stay referenced.
        store.deleteMessages(g, 1, a, List.of(new SeqRange(1, 3)), null);
        assertThat(store.referencedFiles(List.of(f1, f2))).containsExactlyInAnyOrder(f1, f2);
        // Each message holds its own reference: f1 is still in message 1.
        store.deleteMessages(g, 2, Uid.ZERO, List.of(new SeqRange(2, 0)), null);
        assertThat(store.referencedFiles(List.of(f1, f2))).containsExactly(f1);
        // Messages older than the hard-delete cutoff are not deleted, and keep their files.
        store.deleteMessages(g, 3, Uid.ZERO, List.of(new SeqRange(1, 0)), T0.plusSeconds(5));
        assertThat(store.referencedFiles(List.of(f1))).containsExactly(f1);
        store.deleteMessages(g, 4, Uid.ZERO, List.of(new SeqRange(1, 4)), null);
        assertThat(store.referencedFiles(List.of(f1, f2))).isEmpty();
    }

    @Test
    void fileLinks_failedSave_leavesNoReference() {
        Uid a = newUid();
        store.createUser(user(a, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, a, List.of()));
        store.saveMessage(msg(g, 1, a, "\"x\""));
        String f = newFileId();
        // The reference is written with the message: a message that is not stored references nothing.
        assertThatThrownBy(() -> store.saveMessage(msg(g, 1, a, "\"dup\""), List.of(f)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.saveMessage(msg(newGroupName(), 1, a, "\"nowhere\""), List.of(f)))
                .isInstanceOf(StoreException.class);
        assertThat(store.referencedFiles(List.of(f))).isEmpty();
    }

    @Test
    void fileLinks_descriptionReplaced_andGoneWithHardDeletedTopicOrUser() {
        Uid u = newUid();
        store.createUser(user(u, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, u, List.of()));
        String oldAvatar = newFileId();
        String avatar = newFileId();
        String photo = newFileId();
        String inMessage = newFileId();
        store.linkFiles(g, List.of(oldAvatar));
        store.linkFiles(u.userId(), List.of(photo));
        store.saveMessage(msg(g, 1, u, "\"pic\""), List.of(inMessage));
        assertThat(store.referencedFiles(List.of(oldAvatar, photo, inMessage)))
                .containsExactlyInAnyOrder(oldAvatar, photo, inMessage);

        store.linkFiles(g, List.of(avatar));
        List<String> all = List.of(oldAvatar, avatar, photo, inMessage);
        assertThat(store.referencedFiles(all)).containsExactlyInAnyOrder(avatar, photo, inMessage);

        // Soft deletes keep the records, and so the references (as Tinode's foreign keys do).
        store.deleteTopic(g, false);
        store.deleteUser(u, false);
        assertThat(store.referencedFiles(all)).containsExactlyInAnyOrder(avatar, photo, inMessage);
        store.deleteTopic(g, true);
        assertThat(store.referencedFiles(all)).containsExactly(photo);
        store.deleteUser(u, true);
        assertThat(store.referencedFiles(all)).isEmpty();
    }

    @Test
    void fileLinks_idsAreCaseSensitive_andManyAtOnce() {
        Uid u = newUid();
        store.createUser(user(u, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, u, List.of()));
        // Base64url ids differ by case alone; a case-insensitive collation would mix them up.
        String id;
        do {
            id = newFileId();
        } while (id.toLowerCase(java.util.Locale.ROOT).equals(id.toUpperCase(java.util.Locale.ROOT)));
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        String upper = id.toUpperCase(java.util.Locale.ROOT);
        store.linkFiles(g, List.of(lower));
        assertThat(store.referencedFiles(List.of(lower, upper))).containsExactly(lower);
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add(newFileId());
        }
        store.saveMessage(msg(g, 1, u, "\"album\""), many.subList(0, 3));
        assertThat(store.referencedFiles(many)).containsExactlyInAnyOrderElementsOf(many.subList(0, 3));
        store.deleteTopic(g, true);
    }

    @Test
    void fileLinks_concurrentSaves_eachMessageKeepsItsOwnReferences() throws Exception {
        Uid u = newUid();
        store.createUser(user(u, List.of()));
        List<String> topics = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String g = newGroupName();
            store.createTopic(group(g, u, List.of()));
            topics.add(g);
        }
        // Saves from several topics at once share commits in a grouping store; the references must
        // travel with their own messages, and messages without attachments must not get any.
        java.util.Map<String, List<String>> files = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (String g : topics) {
                jobs.add(pool.submit(() -> {
                    for (int seq = 1; seq <= 20; seq++) {
                        List<String> ids = seq % 2 == 0 ? List.of(newFileId()) : List.of();
                        store.saveMessage(msg(g, seq, u, "\"m\""), ids);
                        if (!ids.isEmpty()) {
                            files.put(g + "/" + seq, ids);
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        List<String> all = files.values().stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(40);
        assertThat(store.referencedFiles(all)).containsExactlyInAnyOrderElementsOf(all);
        for (String g : topics) {
            // Deleting the odd (attachment-free) messages releases nothing.
            for (int seq = 1; seq <= 20; seq += 2) {
                store.deleteMessages(g, seq, Uid.ZERO, List.of(new SeqRange(seq, 0)), null);
            }
        }
        assertThat(store.referencedFiles(all)).hasSize(40);
        String g0 = topics.get(0);
        store.deleteMessages(g0, 100, Uid.ZERO, List.of(new SeqRange(1, 21)), null);
        List<String> left = files.entrySet().stream().filter(e -> !e.getKey().startsWith(g0 + "/"))
                .flatMap(e -> e.getValue().stream()).toList();
        assertThat(store.referencedFiles(all)).containsExactlyInAnyOrderElementsOf(left);
    }

    // ---- search ----

    @Test
    void findByTags_andOrRankedExcludingInactive() {
        String t1 = newTag("x");
        String t2 = newTag("y");
        String t3 = newTag("z");
        Uid both = newUid();
        Uid one = newUid();
        Uid susp = newUid();
        store.createUser(user(both, List.of(t1, t2)));
        store.createUser(user(one, List.of(t2)));
        store.createUser(user(susp, List.of(t1, t2)).withState(ObjectState.SUSPENDED, T0));
        String g = newGroupName();
        store.createTopic(group(g, both, List.of(t1, t3)));

        List<TagMatch> any = store.findByTags(List.of(), List.of(t1, t2), false, 100);
        assertThat(any).extracting(TagMatch::name).containsExactlyInAnyOrder(both.userId(), one.userId(), g);
        assertThat(any.get(0).name()).isEqualTo(both.userId());
        assertThat(any.get(0).matched()).containsExactlyInAnyOrder(t1, t2);

        assertThat(store.findByTags(List.of(t1), List.of(), false, 100)).extracting(TagMatch::name)
                .containsExactlyInAnyOrder(both.userId(), g);
        assertThat(store.findByTags(List.of(t1), List.of(t3, t2), false, 100)).extracting(TagMatch::name)
                .containsExactlyInAnyOrder(both.userId(), g);
        assertThat(store.findByTags(List.of(t1), List.of(), true, 100)).extracting(TagMatch::name)
                .contains(susp.userId());
        assertThat(store.findByTags(List.of(), List.of(t1, t2), false, 1)).hasSize(1);
    }

    @Test
    void findTagOwner_usersAndTopics() {
        String alias = "alias:" + newTag("a");
        String galias = "alias:" + newTag("g");
        Uid u = newUid();
        store.createUser(user(u, List.of(alias)));
        String g = newGroupName();
        store.createTopic(group(g, u, List.of(galias)));
        assertThat(store.findTagOwner(alias)).contains(u.userId());
        assertThat(store.findTagOwner(galias)).contains(g);
        assertThat(store.findTagOwner("alias:" + newTag("none"))).isEmpty();
    }
}
