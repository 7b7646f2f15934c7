package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.push.PushEvents;
import io.github.tinodej.model.Uid;

/**
 * Push parts for users another node owns go to that node ({@link PushEvents} keeps unread counts
 * where the user is). While a user's ownership is being promoted the user counts as local: that
 * push goes from here, with this node's count, rather than wait.
 */
final class PushRoute implements PushEvents.Route {
    private final ClusterRouter router;

    PushRoute(ClusterRouter router) {
        this.router = router;
    }

    @Override
    public String nodeOf(Uid uid) {
        String owner = router.ownerNow(uid.userId());
        return owner == null || owner.equals(router.self()) ? null : owner;
    }

    @Override
    public void send(String node, JsonObject body) {
        body.addProperty("t", "push");
        router.send(node, body);
    }
}
