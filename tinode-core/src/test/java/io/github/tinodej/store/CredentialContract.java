package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.newTag;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.Credential;
import io.github.tinodej.model.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for credentials and the persistent cache, with the uniqueness rules of
 * Tinode's SQL adapters: a validated value belongs to one user, an unvalidated claim is one per
 * user and method. Part of {@link StoreContract}.
 */
public interface CredentialContract extends StoreUnderTest {
    private Uid newUser() {
        Uid uid = newUid();
        store().createUser(user(uid, List.of()));
        return uid;
    }

    private static String newAddress() {
        return newTag("a") + "@example.com";
    }

    @Test
    default void credential_claimConfirmAndUniqueness() {
        Store store = store();
        Uid alice = newUser();
        Uid bob = newUser();
        String addr = newAddress();
        assertThat(store.upsertCredential(Credential.unvalidated(alice, "email", addr, "123456", T0))).isTrue();
        // Another user may claim the same unvalidated value.
        assertThat(store.upsertCredential(Credential.unvalidated(bob, "email", addr, "654321", T0))).isTrue();
        Credential active = store.getActiveCredential(alice, "email").orElseThrow();
        assertThat(active.value()).isEqualTo(addr);
        assertThat(active.response()).isEqualTo("123456");
        assertThat(active.done()).isFalse();

        store.confirmCredential(alice, "email");
        assertThat(store.getActiveCredential(alice, "email")).isEmpty();
        assertThat(store.getCredentials(alice, "email", true)).extracting(Credential::value).containsExactly(addr);
        assertThat(store.getUserByCredential("email", addr)).contains(alice);
        // Once validated by alice, bob can neither confirm nor claim it again.
        assertThatThrownBy(() -> store.confirmCredential(bob, "email"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DUPLICATE));
        assertThatThrownBy(() -> store.upsertCredential(Credential.unvalidated(bob, "email", addr, "1", T0)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DUPLICATE));
        assertThatThrownBy(() -> store.confirmCredential(alice, "tel"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    }

    @Test
    default void credential_newClaimDeactivatesTheOld_renewalKeepsRetries() {
        Store store = store();
        Uid alice = newUser();
        String first = newAddress();
        String second = newAddress();
        store.upsertCredential(Credential.unvalidated(alice, "email", first, "111111", T0));
        store.failCredential(alice, "email");
        assertThat(store.getActiveCredential(alice, "email").orElseThrow().retries()).isEqualTo(1);
        assertThat(store.upsertCredential(Credential.unvalidated(alice, "email", second, "222222", T0))).isTrue();
        assertThat(store.getActiveCredential(alice, "email").orElseThrow().value()).isEqualTo(second);
        assertThat(store.getCredentials(alice, "email", false)).extracting(Credential::value).containsExactly(second);
        // Claiming the first again brings back its row, with the new code and the old retry count.
        assertThat(store.upsertCredential(Credential.unvalidated(alice, "email", first, "333333", T0.plusSeconds(1)))).isFalse();
        Credential back = store.getActiveCredential(alice, "email").orElseThrow();
        assertThat(back.value()).isEqualTo(first);
        assertThat(back.response()).isEqualTo("333333");
        assertThat(back.retries()).isEqualTo(1);
    }

    @Test
    default void credential_validatedDirectly_listedAndDeleted() {
        Store store = store();
        Uid alice = newUser();
        String addr = newAddress();
        String phone = "+1555" + Math.abs(newTag("").hashCode() % 10_000_000);
        store.upsertCredential(Credential.validated(alice, "email", addr, T0));
        store.upsertCredential(Credential.unvalidated(alice, "tel", phone, "1", T0));
        assertThat(store.getCredentials(alice, null, false)).extracting(Credential::method).containsExactlyInAnyOrder("email", "tel");
        assertThat(store.getCredentials(alice, null, true)).extracting(Credential::method).containsExactly("email");

        store.deleteCredential(alice, "email", addr);
        assertThat(store.getCredentials(alice, "email", false)).isEmpty();
        assertThat(store.getUserByCredential("email", addr)).isEmpty();
        assertThatThrownBy(() -> store.deleteCredential(alice, "email", addr))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
        store.deleteCredential(alice, null, null);
        assertThat(store.getCredentials(alice, null, false)).isEmpty();
    }

    @Test
    default void credential_deletingAClaimAnsweredWrongly_deactivatesIt() {
        Store store = store();
        Uid alice = newUser();
        String addr = newAddress();
        store.upsertCredential(Credential.unvalidated(alice, "email", addr, "1", T0));
        store.failCredential(alice, "email");
        assertThatThrownBy(() -> store.deleteCredential(alice, "email", addr)).isInstanceOf(StoreException.class);
        assertThat(store.getActiveCredential(alice, "email")).isEmpty();
        // Claimed again: the wrong answer still counts.
        store.upsertCredential(Credential.unvalidated(alice, "email", addr, "2", T0));
        assertThat(store.getActiveCredential(alice, "email").orElseThrow().retries()).isEqualTo(1);
    }

    @Test
    default void credential_goneWithTheUser() {
        Store store = store();
        Uid alice = newUser();
        String addr = newAddress();
        store.upsertCredential(Credential.validated(alice, "email", addr, T0));
        store.deleteUser(alice, true);
        assertThat(store.getUserByCredential("email", addr)).isEmpty();
        Uid bob = newUser();
        store.upsertCredential(Credential.validated(bob, "email", addr, T0));
        assertThat(store.getUserByCredential("email", addr)).contains(bob);
    }

    @Test
    default void unvalidatedUsers_neverSeenAndWithoutAValidatedCredential() {
        Store store = store();
        Uid stale = newUser();
        Uid validated = newUser();
        store.upsertCredential(Credential.validated(validated, "email", newAddress(), T0));
        Uid seen = newUid();
        store.createUser(user(seen, List.of()).withLastSeen(T0, "test"));
        List<Uid> found = store.getUnvalidatedUsers(T0.plusSeconds(3600), 100_000);
        assertThat(found).contains(stale).doesNotContain(validated, seen);
        assertThat(store.getUnvalidatedUsers(T0.minusSeconds(3600), 100_000)).doesNotContain(stale);
    }

    @Test
    default void cache_putGetReplaceDeleteExpire() {
        Store store = store();
        String key = "code_email:" + newAddress();
        assertThat(store.getCacheEntry(key)).isEmpty();
        store.putCacheEntry(key, "one", true);
        assertThat(store.getCacheEntry(key)).contains("one");
        assertThatThrownBy(() -> store.putCacheEntry(key, "two", true))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.DUPLICATE));
        store.putCacheEntry(key, "two", false);
        assertThat(store.getCacheEntry(key)).contains("two");
        store.deleteCacheEntry(key);
        assertThat(store.getCacheEntry(key)).isEmpty();
        store.deleteCacheEntry(key);

        store.putCacheEntry(key, "three", false);
        store.expireCacheEntries("code_", java.time.Instant.now().minusSeconds(3600));
        assertThat(store.getCacheEntry(key)).contains("three");
        store.expireCacheEntries("code_", java.time.Instant.now().plusSeconds(3600));
        assertThat(store.getCacheEntry(key)).isEmpty();
    }
}
