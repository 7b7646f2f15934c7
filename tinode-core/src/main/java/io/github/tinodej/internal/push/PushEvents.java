package io.github.tinodej.internal.push;

import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import io.github.tinodej.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where topics hand their push events (Tinode's {@code sendPush} and users cache): a bounded
 * queue drained by one dispatcher that fills in each recipient's unread count and passes the
 * receipt to the provider. Topics never wait: when the queue is full the event is dropped and
 * counted, as Tinode drops when its channel is full. Without a provider everything is a no-op.
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
        if (!dispatcher.offer(() -> dispatch(draft, topic, seen))) {
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
        if (provider != null) {
            dispatcher.execute(() -> unread.remove(uid, topic));
        }
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
        }
        try {
            provider.push(draft.withRecipients(to));
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "push provider " + provider.name() + " failed", ex);
        }
    }
}
