package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.newGroupName;
import static io.github.tinodej.store.StoreFixtures.newTag;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for tag search ({@code fnd}: all-of, any-of, ranking, inactive owners) and
 * for the owners of unique tags such as aliases. Part of {@link StoreContract}.
 */
public interface TagSearchContract extends StoreUnderTest {
    @Test
    default void findByTags_andOrRankedExcludingInactive() {
        Store store = store();
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
    default void findTagOwner_usersAndTopics() {
        Store store = store();
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
