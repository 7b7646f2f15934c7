package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import java.util.Map;

/** The {@code head} of a published message as it is stored and delivered. */
final class PubHead {
    private PubHead() {
    }

    /**
     * The client's head without {@code sender}, which is the server's alone: set only when root
     * publishes on behalf of {@code uid} (extra.obo), naming root. An empty head is none (null).
     */
    static JsonObject stored(Map<String, JsonElement> clientHead, Uid uid, Uid loggedIn) {
        JsonObject head = new JsonObject();
        if (clientHead != null) {
            for (Map.Entry<String, JsonElement> e : clientHead.entrySet()) {
                if (!"sender".equals(e.getKey())) {
                    head.add(e.getKey(), e.getValue());
                }
            }
        }
        if (!loggedIn.equals(uid)) {
            head.addProperty("sender", loggedIn.userId());
        }
        return head.size() == 0 ? null : head;
    }
}
