package io.github.tinodej.internal.push;

import io.github.tinodej.push.PushStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the stock HTTP push adapters share: a bounded queue of work on the adapter's own threads
 * (overflow is dropped and counted, the engine never waits), HTTP calls with a timeout each,
 * retries with exponential backoff on 429 and 5xx honouring {@code Retry-After}, none on other
 * 4xx, and the sent/failed/dropped counters.
 */
public final class PushSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PushSender.class.getName());
    /** Unix nice value of the sending threads (the engine's default for its background threads). */
    private static final int SENDER_NICE = 10;

    /**
     * @param queueSize receipts and retries waiting at most; more are dropped
     * @param threads sending threads
     * @param timeout limit of every HTTP call, connection included
     * @param maxAttempts attempts per request, the first included
     * @param backoff the wait before the first retry; doubled for each further one
     * @param maxBackoff the longest wait, {@code Retry-After} included
     */
    public record Settings(int queueSize, int threads, Duration timeout, int maxAttempts, Duration backoff,
            Duration maxBackoff) {
        /** Tinode's buffer of 1024, two threads, 10 s calls, 4 attempts from 0.5 s up to 60 s. */
        public static Settings defaults() {
            return new Settings(1024, 2, Duration.ofSeconds(10), 4, Duration.ofMillis(500), Duration.ofSeconds(60));
        }
    }

    /** Judges a final response (2xx, or 4xx other than 429). */
    public interface ResponseHandler {
        /** @return how many of the request's notifications failed */
        int failures(int status, String body);
    }

    private final String name;
    private final Settings settings;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor pool;
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public PushSender(String name, Settings settings) {
        this.name = name;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        // Below messaging in priority, like the engine's push thread: on a busy core a burst of
        // notifications (TLS, JSON, gzip) must not delay a message.
        this.pool = new ScheduledThreadPoolExecutor(Math.max(1, settings.threads()),
                new io.github.tinodej.internal.exec.LowPriorityThreads("tinodej-push-" + name, SENDER_NICE));
        pool.setRemoveOnCancelPolicy(true);
    }

    /**
     * Queues work (turning one receipt into requests); never blocks.
     *
     * @param notifications how many notifications to count as dropped if the queue is full
     * @return false if dropped
     */
    public boolean submit(Runnable work, int notifications) {
        if (!reserve()) {
            dropped.add(Math.max(1, notifications));
            return false;
        }
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "push " + name + ": failed to prepare", e);
                } finally {
                    pending.decrementAndGet();
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped.add(Math.max(1, notifications));
            return false;
        }
    }

    /**
     * Sends a request carrying {@code count} notifications, retrying as the class says. Call from
     * work passed to {@link #submit}. The request is built again for each attempt (a fresh token).
     */
    public void send(Supplier<HttpRequest> request, int count, ResponseHandler handler) {
        attempt(request, count, handler, 1);
    }

    private void attempt(Supplier<HttpRequest> request, int count, ResponseHandler handler, int attempt) {
        Duration retryAfter = null;
        String why;
        try {
            HttpRequest req = request.get();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            if (status / 100 == 2 || status / 100 == 4 && status != 429) {
                int bad = Math.max(0, Math.min(count, handler.failures(status, r.body())));
                sent.add(count - bad);
                failed.add(bad);
                return;
            }
            why = "HTTP " + status;
            retryAfter = r.headers().firstValue("Retry-After").map(PushSender::retryAfter).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            why = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.add(count);
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "push " + name + ": request failed", e);
            failed.add(count);
            return;
        }
        if (attempt >= settings.maxAttempts() || !reserve()) {
            LOG.log(System.Logger.Level.INFO, "push {0}: giving up after {1} attempt(s): {2}", name, attempt, why);
            failed.add(count);
            return;
        }
        Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
        if (wait.compareTo(settings.maxBackoff()) > 0) {
            wait = settings.maxBackoff();
        }
        try {
            pool.schedule(() -> {
                try {
                    attempt(request, count, handler, attempt + 1);
                } finally {
                    pending.decrementAndGet();
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            failed.add(count);
        }
    }

    /** Exponential with jitter: backoff * 2^(attempt-1), plus up to a quarter more. */
    private Duration backoff(int attempt) {
        long base = settings.backoff().toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
    }

    /** {@code Retry-After}: seconds or an HTTP date; null when unreadable. */
    static Duration retryAfter(String v) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(v.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException x) {
                return null;
            }
        }
    }

    private boolean reserve() {
        if (pending.incrementAndGet() > settings.queueSize()) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The settings in force. */
    public Settings settings() {
        return settings;
    }

    /** Counters since start. */
    public PushStats stats() {
        return new PushStats(sent.sum(), failed.sum(), dropped.sum());
    }

    /** Stops the threads; queued work and retries are dropped. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
