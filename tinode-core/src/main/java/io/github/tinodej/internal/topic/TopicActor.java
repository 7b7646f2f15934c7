package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A loaded topic: an actor owning the topic's state, touched only from its own serial executor
 * (Tinode's topic goroutine). It loads itself from the store as its first task and unloads itself
 * a few seconds after the last session detached. Requests that reach an actor after it unloaded are
 * handed back to the {@link Hub}, which loads a fresh one.
 */
abstract class TopicActor {
    private static final System.Logger LOG = System.getLogger(TopicActor.class.getName());
    /** Mailbox size; a full mailbox answers 503 (Tinode's channel-full reply). */
    static final int MAILBOX = 4096;
    /** Tinode keeps a topic 4 s after its last session left (idleMasterTopicTimeout). */
    static final long IDLE_UNLOAD_MS = 4000;

    final Services services;
    final Hub hub;
    final String name;
    private final SerialExecutor exec;
    /** Sessions attached to this topic, in attach order. */
    final Set<ClientSession> attached = new LinkedHashSet<>();
    private boolean loaded;
    private RuntimeException loadError;
    private boolean dead;
    private io.github.tinodej.server.Scheduler.Cancellable unloadTimer;

    TopicActor(Services services, Hub hub, String name) {
        this.services = services;
        this.hub = hub;
        this.name = name;
        this.exec = new SerialExecutor(services.pool(), MAILBOX, "topic " + name);
        hub.created();
    }

    /** Loads state from the store; runs once, on the actor. */
    abstract void load();

    /** Runs when the actor unloads, on the actor; persists what must survive. */
    void unloaded() {
    }

    /**
     * Queues a request. Returns false if the mailbox is full. The action runs on the actor once the
     * topic is loaded; a load failure answers the request with the mapped error instead.
     */
    final boolean submit(ClientSession s, String id, String topic, Instant now, java.util.function.Consumer<TopicActor> action,
            Runnable resubmit) {
        return exec.offer(() -> {
            if (dead) {
                resubmit.run();
                return;
            }
            if (!ensureLoaded()) {
                if (s != null) {
                    s.reply(id, topic, null, ErrorMap.toCtrl(loadError), now);
                }
                die();
                return;
            }
            try {
                action.accept(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "topic " + name + ": request failed", e);
                if (s != null) {
                    s.reply(id, topic, null, ErrorMap.toCtrl(e), now);
                }
            }
            idleCheck();
        });
    }

    /**
     * From one of this actor's tasks: the actor pauses until {@code stage} completes and then runs
     * {@code then} (see {@link SerialExecutor#await}); a failure of {@code then} itself is logged.
     */
    final <T> void await(java.util.concurrent.CompletionStage<T> stage, java.util.function.BiConsumer<? super T, Throwable> then) {
        exec.await(stage, (v, e) -> {
            try {
                then.accept(v, e);
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.ERROR, "topic " + name + ": continuation failed", failure);
            }
            idleCheck();
        });
    }

    /** Queues an internal event that must not be dropped (detach on disconnect). */
    final void event(Runnable r, Runnable resubmit) {
        exec.execute(() -> {
            if (dead) {
                resubmit.run();
                return;
            }
            if (!ensureLoaded()) {
                die();
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "topic " + name + ": event failed", e);
            }
            idleCheck();
        });
    }

    private boolean ensureLoaded() {
        if (loaded) {
            return true;
        }
        try {
            load();
            loaded = true;
            loadError = null;
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "topic " + name + ": failed to load", e);
            loadError = e;
            return false;
        }
    }

    /** Starts or cancels the unload countdown depending on whether anyone is attached. */
    private void idleCheck() {
        if (!attached.isEmpty()) {
            if (unloadTimer != null) {
                unloadTimer.cancel();
                unloadTimer = null;
            }
            return;
        }
        if (unloadTimer == null && !dead) {
            unloadTimer = services.schedule(() -> exec.execute(this::unloadIfIdle), java.time.Duration.ofMillis(IDLE_UNLOAD_MS));
        }
    }

    private void unloadIfIdle() {
        unloadTimer = null;
        if (dead || !attached.isEmpty()) {
            return;
        }
        if (exec.pending() > 1) {
            // Work arrived meanwhile; it will re-arm the timer.
            return;
        }
        try {
            unloaded();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "topic " + name + ": unload failed", e);
        }
        die();
    }

    /**
     * This node no longer owns the topic (cluster membership changed): attached sessions hear
     * {@code {pres what:"term"}} and are detached, so clients subscribe again and reach the new
     * owner; then the actor unloads as it does when idle (Tinode's topic termination on rehash).
     */
    void moved() {
        for (ClientSession s : java.util.List.copyOf(attached)) {
            s.send(services.frames().pres(ClusterRouter.term(clientName(s))));
            ((Handlers) this).detach(s);
            s.topicDetached(name);
        }
        try {
            unloaded();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "topic " + name + ": unload failed", e);
        }
        die();
    }

    /** The name the session's user knows this topic by. */
    String clientName(ClientSession s) {
        return Names.clientName(s.uid(), name);
    }

    /** Unloads at once (the topic was deleted); later requests reach a fresh actor. */
    void kill() {
        die();
    }

    private void die() {
        dead = true;
        hub.remove(name, this);
    }

    void reply(ClientSession s, String id, String topic, Ctrl status, Instant now) {
        s.reply(id, topic, null, status, now);
    }
}
