package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.Uid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The tag tables ({@code usertags}, {@code topictags}): one row per owner and tag, rewritten with
 * the owner's row, and searched by {@code fnd}. The user and topic rows keep their tags as JSON
 * too (what is read back); these tables are what searches and alias lookups query.
 */
final class TagIndex {
    private final Database database;

    TagIndex(Database database) {
        this.database = database;
    }

    /** Replaces the owner's tags, in the caller's transaction so row and index never disagree. */
    static <K> void write(DSLContext d, Table<?> table, Field<K> owner, K id, List<String> tags) {
        d.deleteFrom(table).where(owner.eq(id)).execute();
        for (String tag : tags) {
            d.insertInto(table).set(owner, id).set(T.TAG, tag).execute();
        }
    }

    /**
     * Users and group topics with every tag of {@code allOf} and, if {@code anyOf} is not empty,
     * at least one of it; most matched tags first, then by name. Of the topics only groups
     * ({@code grp...}) are searched.
     */
    List<TagMatch> find(List<String> allOf, List<String> anyOf, boolean includeInactive, int limit) {
        if (allOf.isEmpty() && anyOf.isEmpty()) {
            return List.of();
        }
        List<String> wanted = new ArrayList<>(allOf);
        anyOf.stream().filter(t -> !wanted.contains(t)).forEach(wanted::add);
        Map<String, List<String>> hits = new LinkedHashMap<>();
        Db.run(database.db(), d -> {
            Field<Long> ut = T.q("usertags", T.USERID);
            Field<String> utag = T.q("usertags", T.TAG);
            var userRows = d.select(ut, utag).from(T.USERTAGS)
                    .join(T.USERS).on(T.q("users", T.ID).eq(ut))
                    .where(utag.in(wanted))
                    .and(includeInactive ? DSL.trueCondition() : T.q("users", T.STATE).eq(ObjectState.OK.value()))
                    .fetch();
            for (Record r : userRows) {
                hits.computeIfAbsent(new Uid(r.get(ut)).userId(), k -> new ArrayList<>()).add(r.get(utag));
            }
            Field<String> tt = T.q("topictags", T.TOPIC);
            Field<String> ttag = T.q("topictags", T.TAG);
            var topicRows = d.select(tt, ttag).from(T.TOPICTAGS)
                    .join(T.TOPICS).on(T.q("topics", T.NAME).eq(tt))
                    .where(ttag.in(wanted))
                    .and(tt.like("grp%"))
                    .and(includeInactive ? DSL.trueCondition() : T.q("topics", T.STATE).eq(ObjectState.OK.value()))
                    .fetch();
            for (Record r : topicRows) {
                hits.computeIfAbsent(r.get(tt), k -> new ArrayList<>()).add(r.get(ttag));
            }
            return null;
        });
        List<TagMatch> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : hits.entrySet()) {
            List<String> tags = e.getValue();
            if (!tags.containsAll(allOf)) {
                continue;
            }
            if (!anyOf.isEmpty() && anyOf.stream().noneMatch(tags::contains)) {
                continue;
            }
            List<String> matched = new ArrayList<>(allOf);
            tags.stream().filter(t -> !matched.contains(t)).forEach(matched::add);
            out.add(new TagMatch(e.getKey(), matched));
        }
        out.sort(Comparator.comparingInt((TagMatch m) -> -m.matched().size()).thenComparing(TagMatch::name));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    /** The user (checked first) or topic holding a unique tag such as an alias. */
    Optional<String> owner(String tag) {
        return Db.run(database.db(), d -> {
            Record u = d.select(T.USERID).from(T.USERTAGS).where(T.TAG.eq(tag)).limit(1).fetchOne();
            if (u != null) {
                return Optional.of(new Uid(u.get(T.USERID)).userId());
            }
            Record t = d.select(T.TOPIC).from(T.TOPICTAGS).where(T.TAG.eq(tag)).limit(1).fetchOne();
            return t == null ? Optional.<String>empty() : Optional.of(t.get(T.TOPIC));
        });
    }
}
