package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.List;

/** The tag replies shared by {@code me}, {@code fnd} and group topics. */
final class TagsMeta {
    private TagsMeta() {
    }

    /** {@code {meta tags}} with the list, or {@code 204} with {@code what:"tags"} when it is empty. */
    static void reply(ClientSession s, Frames frames, String id, String topic, List<String> tags, Instant now) {
        if (tags.isEmpty()) {
            s.reply(id, topic, Frames.what("tags"), Ctrl.NO_CONTENT, now);
            return;
        }
        JsonArray a = new JsonArray();
        tags.forEach(a::add);
        s.send(frames.meta(id, topic, now, "tags", a));
    }

    /** An alias names one user or topic: a list with more than one is malformed. */
    static boolean severalAliases(List<String> tags) {
        return tags.stream().filter(t -> "alias".equals(Tags.prefix(t))).count() > 1;
    }

    /** The params of a successful {@code {set tags}}: how many were added and removed (zero ones left out). */
    static JsonObject changeParams(long added, long removed) {
        JsonObject p = new JsonObject();
        if (added > 0) {
            p.addProperty("added", added);
        }
        if (removed > 0) {
            p.addProperty("removed", removed);
        }
        return p;
    }
}
