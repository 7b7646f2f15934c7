package io.github.tinodej.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code filelinks} table: which uploads are still referenced, so the media store can collect
 * the rest. A message's references are written with the message ({@link PublishStatements}) under
 * its seq; those of a user's or topic's description (avatars) under seq 0, replaced as a whole.
 * Rows go with hard deletes of their message, topic or user.
 */
final class FileLinks {
    private final Database database;

    FileLinks(Database database) {
        this.database = database;
    }

    /** Replaces the description references of {@code owner} (a user id or topic name). */
    void link(String owner, Collection<String> fileIds) {
        Db.tx(database.db(), d -> {
            d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(owner)).and(T.SEQID.eq(0)).execute();
            for (String id : new LinkedHashSet<>(fileIds)) {
                d.insertInto(T.FILELINKS).set(T.TOPIC, owner).set(T.SEQID, 0).set(T.FILEID, id).execute();
            }
            return null;
        });
    }

    /** Asked in slices, so that garbage collection of a large folder never builds a huge IN list. */
    Set<String> referenced(Collection<String> fileIds) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(fileIds));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < all.size(); i += 500) {
            List<String> slice = all.subList(i, Math.min(all.size(), i + 500));
            out.addAll(Db.run(database.db(), d -> d.selectDistinct(T.FILEID).from(T.FILELINKS).where(T.FILEID.in(slice))
                    .fetch(T.FILEID)));
        }
        return out;
    }
}
