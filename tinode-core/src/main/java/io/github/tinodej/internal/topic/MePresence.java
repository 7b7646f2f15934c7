package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import io.github.tinodej.server.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a user's {@code me} tells others about the user: on and off, the user agent after its
 * debounce, and description updates, each to the contacts whose mode takes presence from the user.
 * State of the {@code me} actor: used on that actor only.
 */
final class MePresence {
    /** Tinode debounces user-agent changes for 5 s before telling contacts. */
    private static final Duration UA_DEBOUNCE = Duration.ofSeconds(5);
    private static final String ME = "me";

    private final MeTopic me;
    private String currentUa = "";
    private String pendingUa;
    private Scheduler.Cancellable uaTimer;
    /** True once "on" was announced to contacts; "off" follows when the topic unloads. */
    private boolean online;
    /** The user's topics as they name them, with whether the user wants presence from each. */
    private final Map<String, Boolean> contacts = new HashMap<>();

    MePresence(MeTopic me) {
        this.me = me;
    }

    void contactAdded(String topic, boolean presence) {
        contacts.put(topic, presence);
    }

    void contactRemoved(String topic) {
        contacts.remove(topic);
    }

    String currentUa() {
        return currentUa;
    }

    /** A session attached: the first one brings the user online, a later one may change the agent. */
    void sessionAttached(ClientSession s) {
        if (!online) {
            online = true;
            currentUa = s.userAgent();
            me.hub.latestUa(me.uid, currentUa);
            // An incognito user still learns which contacts are online; they do not learn of it.
            announce("on", s.userAgent(), me.visible(), true);
        } else if (!s.userAgent().equals(currentUa)) {
            uaChanged(s.userAgent());
        }
    }

    /** A session of this user made a request: its client becomes the user's current one. */
    void active(ClientSession s) {
        if (me.attached.contains(s) && online && !s.userAgent().equals(pendingUa != null ? pendingUa : currentUa)) {
            uaChanged(s.userAgent());
        }
    }

    /** The user went incognito or came back while online. */
    void visibilityChanged(boolean wasVisible) {
        if (online && wasVisible != me.visible()) {
            announce(me.visible() ? "on" : "off", currentUa, true, false);
        }
    }

    /** The user's public or trusted description changed. */
    void descriptionChanged() {
        announce("upd", null, true, false);
    }

    /** The topic unloads: contacts hear "off" if they had heard "on". */
    void unloaded(String lastUa) {
        if (online) {
            online = false;
            if (me.visible()) {
                announce("off", lastUa, true, false);
            }
        }
    }

    /** After the debounce, online contacts hear "ua". */
    private void uaChanged(String ua) {
        pendingUa = ua;
        me.hub.latestUa(me.uid, ua);
        if (uaTimer != null) {
            uaTimer.cancel();
        }
        uaTimer = me.services.schedule(() -> me.event(this::flushUa, () -> { }), UA_DEBOUNCE);
    }

    private void flushUa() {
        uaTimer = null;
        if (pendingUa != null && online && !pendingUa.equals(currentUa)) {
            currentUa = pendingUa;
            if (me.visible()) {
                announce("ua", currentUa, true, false);
            }
        }
        pendingUa = null;
    }

    /**
     * Tells online p2p contacts that this user came online or went offline, and (when coming
     * online) tells this user which of them are online; each side only hears from contacts its
     * own mode grants {@code P} for.
     */
    private void announce(String what, String ua, boolean toContacts, boolean toSelf) {
        Uid uid = me.uid;
        Hub hub = me.hub;
        for (Map.Entry<String, Boolean> c : contacts.entrySet()) {
            if (("upd".equals(what) || "ua".equals(what)) && c.getKey().startsWith("grp")) {
                // Members attached to a loaded group hear it there (Tinode's presUsersOfInterest),
                // if this user takes presence from the group.
                if (c.getValue()) {
                    hub.memberChanged(c.getKey(), uid, what, ua);
                }
                continue;
            }
            if (toSelf && "on".equals(what) && c.getValue() && c.getKey().startsWith("grp")
                    && hub.online.isGroupOnline(c.getKey())) {
                toOwnSessions(c.getKey());
                continue;
            }
            Uid peer = Uid.parseUserId(c.getKey());
            if (!peer.isValid() || !hub.mayBeOnline(peer)) {
                continue;
            }
            boolean peerWants = toContacts && me.services.store().getSubscription(Names.p2p(uid, peer), peer)
                    .map(x -> x.deleted() == null && x.mode().isPresencer()).orElse(false);
            if (peerWants) {
                JsonObject p = new JsonObject();
                p.addProperty("topic", ME);
                p.addProperty("src", uid.userId());
                p.addProperty("what", what);
                if (ua != null && !ua.isEmpty()) {
                    p.addProperty("ua", ua);
                }
                String frame = me.services.frames().pres(p);
                hub.toMe(peer, frame, null, null);
            }
            if (toSelf && "on".equals(what) && c.getValue() && hub.online.isOnline(peer)) {
                toOwnSessions(peer.userId());
            }
        }
    }

    /** {@code {pres topic:"me" src what:"on"}} to this user's attached sessions. */
    private void toOwnSessions(String src) {
        JsonObject p = new JsonObject();
        p.addProperty("topic", ME);
        p.addProperty("src", src);
        p.addProperty("what", "on");
        String frame = me.services.frames().pres(p);
        me.attached.forEach(x -> x.send(frame));
    }
}
