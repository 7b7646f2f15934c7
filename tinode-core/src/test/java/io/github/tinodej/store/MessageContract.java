package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.USER_ACCESS;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.msg;
import static io.github.tinodej.store.StoreFixtures.newGroupName;
import static io.github.tinodej.store.StoreFixtures.newTag;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for the message log: a save advances the topic's seq and the sender's
 * markers with it; history pages; soft and hard deletes and the deletion log; text comes back
 * as sent. Part of {@link StoreContract}.
 */
public interface MessageContract extends StoreUnderTest {
    @Test
    default void saveMessage_advancesSeqTouchedAndSenderMarkers() {
        Store store = store();
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
    default void unicode_emojiMarksAndEscapes_roundTripInMessagesProfilesAndTags() {
        Store store = store();
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
    default void saveMessage_unknownTopic_topicNotFound() {
        Store store = store();
        assertThatThrownBy(() -> store.saveMessage(msg(newGroupName(), 1, newUid(), "\"x\"")))
                .isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.TOPIC_NOT_FOUND);
    }

    /**
     * The async save: many topics' messages queued at once (one group commit in a store with a
     * writer) are each durable when their stage completes, and a bad one fails alone through its
     * stage, not by a throw.
     */
    @Test
    default void saveMessageAsync_manyTopicsAtOnce_eachDurableAndABadOneFailsAlone() throws Exception {
        Store store = store();
        Uid a = newUid();
        store.createUser(user(a, List.of()));
        List<String> topics = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String g = newGroupName();
            store.createTopic(group(g, a, List.of()));
            topics.add(g);
        }
        List<java.util.concurrent.CompletableFuture<Void>> saves = new java.util.ArrayList<>();
        for (int seq = 1; seq <= 3; seq++) {
            for (String g : topics) {
                saves.add(store.saveMessageAsync(msg(g, seq, a, "\"" + g + seq + "\""), List.of()).toCompletableFuture());
            }
        }
        java.util.concurrent.CompletableFuture<Void> dup =
                store.saveMessageAsync(msg(topics.get(0), 2, a, "\"dup\""), List.of()).toCompletableFuture();
        for (java.util.concurrent.CompletableFuture<Void> f : saves) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> dup.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class);
        for (String g : topics) {
            assertThat(store.getTopic(g).orElseThrow().seqId()).isEqualTo(3);
            assertThat(store.getMessages(g, a, new MessageQuery(0, 0, List.of(), 10))).extracting(Message::contentJson)
                    .containsExactly("\"" + g + "3\"", "\"" + g + "2\"", "\"" + g + "1\"");
        }
    }

    @Test
    default void getMessages_pagingNewestFirst() {
        Store store = store();
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
    default void deleteMessages_softHidesForOneUserHardForAll() {
        Store store = store();
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
}
