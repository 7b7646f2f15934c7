package io.github.tinodej.test;

import io.github.tinodej.client.DataEvent;
import io.github.tinodej.client.InfoEvent;
import io.github.tinodej.client.PresEvent;
import io.github.tinodej.client.Reply;
import io.github.tinodej.client.TinodeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A blocking client for tests on top of {@link TinodeClient}: every request waits for its reply,
 * failures throw {@link AssertionError} with the server's answer, and the messages, presence and
 * receipts the server sends are kept until a test awaits them, each wait bounded by a timeout
 * (never a sleep). Get one from {@link TestServer#newUser} or {@link TestServer#client}.
 */
public final class TestClient implements AutoCloseable {
    /** How long an await waits unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final TinodeClient client;
    private final List<Object> events = new ArrayList<>();
    private final Object lock = new Object();
    private volatile CompletableFuture<Void> probeAnswer = new CompletableFuture<>();
    private Duration timeout = DEFAULT_TIMEOUT;

    TestClient(TinodeClient client) {
        this.client = client;
        client.onData(this::add).onPres(this::add).onInfo(this::add).onFrame(f -> {
            if ("0".equals(f)) {
                probeAnswer.complete(null);
            }
        });
    }

    /** Changes how long awaits and requests wait on this client. */
    public TestClient timeout(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + d);
        }
        this.timeout = d;
        return this;
    }

    /** The typed asynchronous client underneath, for what this one does not cover. */
    public TinodeClient client() {
        return client;
    }

    /**
     * The user this client is logged in as.
     *
     * @throws AssertionError if it has not logged in
     */
    public String userId() {
        return client.userId().orElseThrow(() -> new AssertionError("this client has not logged in"));
    }

    /** Subscribes to a topic ({@code me}, a group, another user's id, or {@code new}). */
    public Reply subscribe(String topic) {
        return ok(client.subscribe(topic), "sub " + topic);
    }

    /** Creates a group topic with this user as its owner; returns its name. */
    public String createGroup() {
        return subscribe("new").topic().orElseThrow(() -> new AssertionError("sub new named no topic"));
    }

    /** Leaves a topic, for good with {@code unsubscribe}. */
    public Reply leave(String topic, boolean unsubscribe) {
        return ok(client.leave(topic, unsubscribe), "leave " + topic);
    }

    /** Publishes plain text; returns the message's seq. */
    public int publish(String topic, String text) {
        return ok(client.publish(topic, text), "pub " + topic).seq();
    }

    /** Sends a read receipt for {@code seq}. */
    public void noteRead(String topic, int seq) {
        client.noteRead(topic, seq);
    }

    /** Sends a delivery receipt for {@code seq}. */
    public void noteReceived(String topic, int seq) {
        client.noteReceived(topic, seq);
    }

    /** Sends a typing indicator. */
    public void noteTyping(String topic) {
        client.noteTyping(topic);
    }

    /** Any request ({@code get}, {@code set}, {@code del}, ...), whatever its answer. */
    public Reply request(String kind, String bodyJson) {
        return await(client.request(kind, bodyJson), kind);
    }

    /** The next message on {@code topic} (as this client names it), removed from what is kept. */
    public DataEvent awaitData(String topic) {
        return awaitEvent(DataEvent.class, d -> d.topic().equals(topic), "{data} on " + topic);
    }

    /** The next presence notification on {@code topic} with this {@code what}. */
    public PresEvent awaitPres(String topic, String what) {
        return awaitEvent(PresEvent.class, p -> p.topic().equals(topic) && p.what().equals(what),
                "{pres what:" + what + "} on " + topic);
    }

    /** The next receipt or indicator on {@code topic} with this {@code what}. */
    public InfoEvent awaitInfo(String topic, String what) {
        return awaitEvent(InfoEvent.class, i -> i.topic().equals(topic) && i.what().equals(what),
                "{info what:" + what + "} on " + topic);
    }

    /**
     * Everything the server sent this client and no test awaited yet, after every frame already
     * on its way has arrived (a probe travels the same ordered path as the server's frames);
     * the kept events are cleared.
     */
    public List<Object> drainEvents() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        probeAnswer = answer;
        client.sendRaw("1");
        await(answer, "probe");
        synchronized (lock) {
            List<Object> all = List.copyOf(events);
            events.clear();
            return all;
        }
    }

    /**
     * Fails if the server sent this client any message, presence or receipt no test awaited.
     *
     * @throws AssertionError naming what arrived
     */
    public void expectNothingElse() {
        List<Object> left = drainEvents();
        if (!left.isEmpty()) {
            throw new AssertionError("unexpected events: " + left);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void add(Object event) {
        synchronized (lock) {
            events.add(event);
            lock.notifyAll();
        }
    }

    private <T> T awaitEvent(Class<T> type, Predicate<T> match, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Iterator<Object> it = events.iterator(); it.hasNext(); ) {
                    Object e = it.next();
                    if (type.isInstance(e) && match.test(type.cast(e))) {
                        it.remove();
                        return type.cast(e);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; kept: " + events);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    private Reply ok(CompletableFuture<Reply> f, String what) {
        Reply r = await(f, what);
        if (!r.ok()) {
            throw new AssertionError(what + " refused: " + r);
        }
        return r;
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        Objects.requireNonNull(f);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
