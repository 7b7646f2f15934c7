package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.USER_ACCESS;
import static io.github.tinodej.store.StoreFixtures.newTag;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for users: every field round-trips, duplicates are refused, soft and hard
 * deletes take what hangs off a user; and the user's push devices. Part of {@link StoreContract}.
 */
public interface UserContract extends StoreUnderTest {
    /** Readiness probes ask an open store to answer; it does, quietly. */
    @Test
    default void ping_anOpenStoreAnswers() {
        store().ping();
        assertThat(store().adapterName()).isNotEmpty();
    }

    @Test
    default void user_createGetUpdate_roundTripsEveryField() {
        Store store = store();
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
    default void user_createTwice_duplicate() {
        Store store = store();
        User u = user(newUid(), List.of());
        store.createUser(u);
        assertThatThrownBy(() -> store.createUser(u)).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.DUPLICATE);
    }

    @Test
    default void user_getUsers_returnsExistingOnly() {
        Store store = store();
        User a = user(newUid(), List.of());
        User b = user(newUid(), List.of());
        store.createUser(a);
        store.createUser(b);
        assertThat(store.getUsers(List.of(a.uid(), b.uid(), newUid()))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    default void user_softDelete_marksDeletedAndDropsAuthAndDevices() {
        Store store = store();
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
    default void user_hardDelete_removesUserAndSubscriptions() {
        Store store = store();
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        store.upsertSubscription(sub(uid.userId(), uid, "JPS"));
        store.deleteUser(uid, true);
        assertThat(store.getUser(uid)).isEmpty();
        assertThat(store.getUserSubscriptions(uid)).isEmpty();
    }

    @Test
    default void devices_upsertListDelete() {
        Store store = store();
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

    @Test
    default void devices_aTokenBelongsToTheLastUserToRegisterIt() {
        Store store = store();
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        String shared = "shared-" + newTag("d");
        store.upsertDevice(a, new Device(shared, "android", T0, "en"));
        store.upsertDevice(a, new Device("a-only", "web", T0, "en"));
        store.upsertDevice(b, new Device(shared, "android", T0.plusSeconds(1), "de"));
        assertThat(store.getDevices(a)).extracting(Device::deviceId).containsExactly("a-only");
        assertThat(store.getDevices(b)).extracting(Device::deviceId).containsExactly(shared);
    }

    @Test
    default void user_hardDelete_dropsDevices() {
        Store store = store();
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        store.upsertDevice(uid, new Device("dev-" + newTag("d"), "ios", T0, "en"));
        store.deleteUser(uid, true);
        assertThat(store.getDevices(uid)).isEmpty();
    }
}
