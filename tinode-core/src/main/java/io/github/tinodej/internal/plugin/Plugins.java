package io.github.tinodej.internal.plugin;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.plugin.AccountEvent;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginSession;
import io.github.tinodej.plugin.SubscriptionEvent;
import io.github.tinodej.plugin.TopicEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The engine's side of the plugins (Tinode's plugins.go): the FireHose, asked in order on the
 * session's thread, and the event hooks, queued for a thread of their own so that no topic or
 * session waits for a plugin. Events are built only when some plugin's filter wants them.
 */
public final class Plugins {
    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());
    /** Events waiting for the plugins at most; more are dropped and counted. */
    static final int QUEUE = 4096;

    private final List<Plugin> plugins;
    private final SerialExecutor events;
    private final LongAdder dropped = new LongAdder();

    /**
     * @param plugins the host's plugins, in the order they are asked
     * @param pool where the event hooks run
     */
    public Plugins(List<Plugin> plugins, Executor pool) {
        this.plugins = List.copyOf(plugins);
        this.events = this.plugins.isEmpty() ? null : new SerialExecutor(pool, QUEUE, "plugins");
    }

    /** True when any plugin is registered. */
    public boolean any() {
        return !plugins.isEmpty();
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Asks each interested plugin in turn until one does not say CONTINUE (Go's pluginFireHose).
     * A plugin that throws and has a failure code answers with that code; otherwise its failure
     * is logged and the next plugin is asked.
     *
     * @param packet the message's kind ("pub", "sub", ...)
     * @param topic the topic as the client named it, or null
     * @param id the request's id, for a failure's ctrl
     * @return CONTINUE (go on with the original), DROP, REPLACE or RESPOND
     */
    public FireHose fireHose(Supplier<PluginSession> session, String packet, String topic, String id, String frame,
            Instant now) {
        PluginSession who = null;
        for (Plugin p : plugins) {
            if (!p.filters().fireHose(packet, topic)) {
                continue;
            }
            if (who == null) {
                who = session.get();
            }
            FireHose verdict;
            try {
                verdict = p.fireHose(who, frame);
            } catch (RuntimeException e) {
                if (p.failureCode() != 0) {
                    LOG.log(System.Logger.Level.WARNING, "plugin " + p.name() + " failed", e);
                    return FireHose.respond(failureCtrl(id, topic, p.failureCode(), p.failureText(), now));
                }
                LOG.log(System.Logger.Level.WARNING, "plugin " + p.name() + " failed; failure ignored", e);
                continue;
            }
            if (verdict != null && verdict.verdict() != FireHose.Verdict.CONTINUE) {
                return verdict;
            }
        }
        return FireHose.pass();
    }

    /**
     * Asks the plugins that answer searches, in order, until one does not say CONTINUE (Go's
     * pluginFind). A failing plugin is skipped.
     */
    public io.github.tinodej.plugin.FindResult find(String userId, String query) {
        for (Plugin p : plugins) {
            if (!p.filters().find()) {
                continue;
            }
            try {
                io.github.tinodej.plugin.FindResult r = p.find(userId, query);
                if (r != null && r.verdict() != io.github.tinodej.plugin.FindResult.Verdict.CONTINUE) {
                    return r;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "plugin " + p.name() + " failed to answer a search", e);
            }
        }
        return io.github.tinodej.plugin.FindResult.pass();
    }

    /** An account was created or changed; {@code event} is built only if a plugin wants it. */
    public void account(io.github.tinodej.plugin.Crud action, Supplier<AccountEvent> event) {
        publish(p -> p.filters().account(action), event, (p, e) -> p.account(e));
    }

    /** A topic was created, changed or deleted. */
    public void topic(io.github.tinodej.plugin.Crud action, String name, Supplier<TopicEvent> event) {
        publish(p -> p.filters().topic(action, name), event, (p, e) -> p.topic(e));
    }

    /** A subscription was created, changed or deleted. */
    public void subscription(io.github.tinodej.plugin.Crud action, String topic, Supplier<SubscriptionEvent> event) {
        publish(p -> p.filters().subscription(action, topic), event, (p, e) -> p.subscription(e));
    }

    /** A message was stored. */
    public void message(String topic, Supplier<MessageEvent> event) {
        publish(p -> p.filters().message(io.github.tinodej.plugin.Crud.CREATE, topic), event, (p, e) -> p.message(e));
    }

    private <E> void publish(Predicate<Plugin> wants, Supplier<E> event, java.util.function.BiConsumer<Plugin, E> call) {
        if (plugins.isEmpty()) {
            return;
        }
        List<Plugin> to = plugins.stream().filter(wants).toList();
        if (to.isEmpty()) {
            return;
        }
        // Built now, on the caller's thread: the event must show the state at this moment.
        E e = event.get();
        Consumer<Plugin> one = p -> {
            try {
                call.accept(p, e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "plugin " + p.name() + " failed on an event", ex);
            }
        };
        if (!events.offer(() -> to.forEach(one))) {
            dropped.increment();
        }
    }

    private static String failureCtrl(String id, String topic, int code, String text, Instant now) {
        JsonObject c = new JsonObject();
        if (id != null && !id.isEmpty()) {
            c.addProperty("id", id);
        }
        if (topic != null && !topic.isEmpty()) {
            c.addProperty("topic", topic);
        }
        c.addProperty("code", code);
        c.addProperty("text", text == null ? "" : text);
        c.addProperty("ts", io.github.tinodej.protocol.WireTime.format(now));
        JsonObject w = new JsonObject();
        w.add("ctrl", c);
        return w.toString();
    }
}
