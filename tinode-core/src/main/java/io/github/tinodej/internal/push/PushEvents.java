package io.github.tinodej.internal.push;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import io.github.tinodej.store.Store;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where topics hand their push events (Tinode's {@code sendPush} and users cache): a bounded
 * queue drained by one dispatcher that fills in each recipient's unread count and passes the
 * receipt to the provider. Topics never wait: when the queue is full the event is dropped and
 * counted, as Tinode drops when its channel is full. Without a provider everything is a no-op.
 *
 * <p>In a cluster a user's unread count lives on the node that owns the user (Tinode's push.go
 * {@code sendPush} and user.go {@code routeUserReq}): a receipt is split by the recipients'
 * nodes, each other node gets its recipients' part with the topic's figures and sends that push
 * itself, so every badge is counted in one place whichever node masters the topic.
 */
public final class PushEvents {
    private static final System.Logger LOG = System.getLogger(PushEvents.class.getName());
    /** Tinode's users cache channel holds 1024 requests; receipts are small. */
    static final int QUEUE = 4096;
    /** Users whose unread counts are kept; others are loaded again when needed. */
    static final int CACHED_USERS = 10_000;

    private final PushProvider provider;
    private final SerialExecutor dispatcher;
    private final UnreadCounts unread;
    private final LongAdder dropped = new LongAdder();
    /** In a cluster, where other users' parts go; null on a single node. */
    private volatile Route route;

    /** Where a cluster takes the parts of receipts for users another node owns. Thread-safe. */
    public interface Route {
        /** The node that owns {@code uid} (and its unread count), or null when it is this one. */
        String nodeOf(Uid uid);

        /** Sends {@code body} to {@code node}, where {@link #received} gets it; never blocks. */
        void send(String node, JsonObject body);
    }

    /**
     * The topic's figures for one recipient, from which the unread count follows.
     *
     * @param last the topic's last seq
     * @param read the recipient's read seq
     */
    public record Seen(int last, int read) {
    }

    /**
     * @param provider the host's provider, or null for none
     * @param store where unread counts are loaded from
     * @param pool the pool the dispatcher runs on
     */
    public PushEvents(PushProvider provider, Store store, Executor pool) {
        this.provider = provider;
        this.dispatcher = provider == null ? null : new SerialExecutor(pool, QUEUE, "push");
        this.unread = provider == null ? null : new UnreadCounts(store, CACHED_USERS);
    }

    /** Joins a cluster; called once, before the server starts. */
    public void route(Route r) {
        this.route = r;
    }

    /** True when a provider is plugged in: topics skip building receipts otherwise. */
    public boolean enabled() {
        return provider != null;
    }

    /**
     * Queues a receipt whose unread counts are still to be filled in.
     *
     * @param draft the receipt, unread counts zero
     * @param topic the internal topic name the figures in {@code seen} belong to
     * @param seen per recipient, the topic's figures (recipients without them keep their count)
     */
    public void submit(PushReceipt draft, String topic, Map<Uid, Seen> seen) {
        if (provider == null || draft.to().isEmpty() && draft.channel() == null) {
            return;
        }
        Route r = route;
        PushReceipt local = r == null ? draft : sendAway(r, draft, topic, seen);
        if (local.to().isEmpty() && local.channel() == null) {
            return;
        }
        if (!dispatcher.offer(() -> dispatch(local, topic, seen))) {
            dropped.increment();
        }
    }

    /** A channel reader's devices join or leave the channel's FCM topic (Tinode's {@code ChannelSub}). */
    public void channel(ChannelRequest request) {
        if (provider != null && !dispatcher.offer(() -> {
            try {
                provider.channel(request);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "push provider " + provider.name() + " failed", ex);
            }
        })) {
            dropped.increment();
        }
    }

    /** The user no longer reads the topic: its messages leave the user's unread count. */
    public void unsubscribed(Uid uid, String topic) {
        if (provider == null) {
            return;
        }
        Route r = route;
        String node = r == null ? null : r.nodeOf(uid);
        if (node != null) {
            JsonObject o = new JsonObject();
            o.addProperty("k", "unsub");
            o.addProperty("u", uid.userId());
            o.addProperty("n", topic);
            r.send(node, o);
            return;
        }
        dispatcher.execute(() -> unread.remove(uid, topic));
    }

    /** What another node's {@link Route#send} sent here: a part of a receipt, or an unsubscription. */
    public void received(JsonObject body) {
        if (provider == null) {
            return;
        }
        if ("unsub".equals(body.get("k").getAsString())) {
            Uid uid = Uid.parseUserId(body.get("u").getAsString());
            String topic = body.get("n").getAsString();
            dispatcher.execute(() -> unread.remove(uid, topic));
            return;
        }
        PushWire.Decoded d = PushWire.decode(body);
        if (!dispatcher.offer(() -> dispatch(d.draft(), d.topic(), d.seen()))) {
            dropped.increment();
        }
    }

    /**
     * Users moved between nodes: counts of users this node no longer owns are dropped (they are
     * kept where the user is now, and would be stale if the user came back).
     */
    public void ownershipChanged() {
        Route r = route;
        if (provider != null && r != null) {
            dispatcher.execute(() -> unread.retain(uid -> r.nodeOf(uid) == null));
        }
    }

    /** Sends the recipients other nodes own to them; answers the rest. */
    private static PushReceipt sendAway(Route r, PushReceipt draft, String topic, Map<Uid, Seen> seen) {
        Map<String, Map<Uid, PushReceipt.Recipient>> byNode = null;
        Map<Uid, PushReceipt.Recipient> here = new LinkedHashMap<>();
        for (Map.Entry<Uid, PushReceipt.Recipient> e : draft.to().entrySet()) {
            String node = r.nodeOf(e.getKey());
            if (node == null) {
                here.put(e.getKey(), e.getValue());
                continue;
            }
            if (byNode == null) {
                byNode = new HashMap<>();
            }
            byNode.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
        }
        if (byNode == null) {
            return draft;
        }
        for (Map.Entry<String, Map<Uid, PushReceipt.Recipient>> e : byNode.entrySet()) {
            // The channel's push goes once, from here (Go's routeUserReq sends recipients only).
            JsonObject o = PushWire.encode(new PushReceipt(e.getValue(), null, draft.payload()), topic, seen);
            o.addProperty("k", "rcpt");
            r.send(e.getKey(), o);
        }
        return draft.withRecipients(here);
    }

    /** The provider's counters plus the events this queue dropped. */
    public PushStats stats() {
        if (provider == null) {
            return PushStats.NONE;
        }
        PushStats own = new PushStats(0, 0, dropped.sum());
        try {
            return own.plus(provider.stats());
        } catch (RuntimeException e) {
            return own;
        }
    }

    private void dispatch(PushReceipt draft, String topic, Map<Uid, Seen> seen) {
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        for (Map.Entry<Uid, PushReceipt.Recipient> e : draft.to().entrySet()) {
            Uid uid = e.getKey();
            Seen s = seen.get(uid);
            int count;
            try {
                count = s == null ? unread.get(uid) : unread.update(uid, topic, s.last(), s.read());
            } catch (RuntimeException ex) {
                // A store failure costs the badge, not the push.
                LOG.log(System.Logger.Level.DEBUG, "unread count unavailable", ex);
                count = 0;
            }
            to.put(uid, e.getValue().withUnread(count));
            Route r = route;
            if (r != null && r.nodeOf(uid) != null) {
                // Sent here while the user moved: its count is kept at its new node, not here.
                unread.forget(uid);
            }
        }
        try {
            provider.push(draft.withRecipients(to));
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "push provider " + provider.name() + " failed", ex);
        }
    }
}
