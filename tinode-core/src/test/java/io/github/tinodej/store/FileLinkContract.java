package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.msg;
import static io.github.tinodej.store.StoreFixtures.newFileId;
import static io.github.tinodej.store.StoreFixtures.newGroupName;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for file references: which uploads messages and descriptions still hold
 * (so the rest can be collected), through soft and hard deletes, failed saves and concurrent
 * saves. Part of {@link StoreContract}.
 */
public interface FileLinkContract extends StoreUnderTest {
    @Test
    default void fileLinks_messageReferences_goOnlyWithHardDelete() {
        Store store = store();
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
    default void fileLinks_failedSave_leavesNoReference() {
        Store store = store();
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
    default void fileLinks_descriptionReplaced_andGoneWithHardDeletedTopicOrUser() {
        Store store = store();
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
    default void fileLinks_idsAreCaseSensitive_andManyAtOnce() {
        Store store = store();
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
    default void fileLinks_concurrentSaves_eachMessageKeepsItsOwnReferences() throws Exception {
        Store store = store();
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
}
