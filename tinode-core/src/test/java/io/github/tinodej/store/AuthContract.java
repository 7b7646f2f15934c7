package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.newTag;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for auth records: one per user and scheme, looked up by login or by user,
 * logins unique across users. Part of {@link StoreContract}.
 */
public interface AuthContract extends StoreUnderTest {
    @Test
    default void auth_addGetUpdateDelete() {
        Store store = store();
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
    default void auth_duplicateUnique_rejected() {
        Store store = store();
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
}
