package io.github.tinodej.examples;

import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A host's own push provider, as an example of the SPI: each push for a user who did not see the
 * event live is POSTed as a small JSON object to a webhook of the host (which could send an
 * e-mail, an SMS, or a message in another system). Plugged in with
 * {@code TinodeServer.builder().push(new WebhookPushProvider(url)).closeOnStop(provider::close)}.
 *
 * <p>The engine calls {@link #push} on its dispatcher and must never wait: receipts go to a
 * bounded queue (overflow is dropped and counted) and one thread of this provider sends them.
 */
public final class WebhookPushProvider implements PushProvider {
    private final URI webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<PushReceipt> queue = new ArrayBlockingQueue<>(1000);
    private final Thread sender;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** @param webhook where each notification is POSTed */
    public WebhookPushProvider(URI webhook) {
        this.webhook = webhook;
        this.sender = new Thread(this::run, "webhook-push");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void push(PushReceipt receipt) {
        // Only new messages, and only for users with no session on the topic.
        if (PushReceipt.MSG.equals(receipt.payload().what()) && !receipt.payload().silent() && !queue.offer(receipt)) {
            dropped.increment();
        }
    }

    @Override
    public PushStats stats() {
        return new PushStats(sent.sum(), failed.sum(), dropped.sum());
    }

    @Override
    public void close() {
        sender.interrupt();
    }

    private void run() {
        try {
            while (true) {
                PushReceipt r = queue.take();
                for (Map.Entry<Uid, PushReceipt.Recipient> e : r.to().entrySet()) {
                    if (e.getValue().delivered() == 0) {
                        post(e.getKey(), e.getValue().unread(), r.payload());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Uid user, int unread, PushReceipt.Payload p) throws InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("user", user.userId());
        body.addProperty("topic", p.topic());
        body.addProperty("from", p.from() == null ? "" : p.from().userId());
        body.addProperty("seq", p.seq());
        body.addProperty("unread", unread);
        HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 ? sent : failed).increment();
        } catch (java.io.IOException e) {
            failed.increment();
        }
    }
}
