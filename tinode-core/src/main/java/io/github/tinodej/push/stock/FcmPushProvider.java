package io.github.tinodej.push.stock;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.internal.push.AdapterConfig;
import io.github.tinodej.internal.push.FcmMessages;
import io.github.tinodej.internal.push.PushSender;
import io.github.tinodej.internal.push.ServiceAccountToken;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import io.github.tinodej.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Tinode's {@code fcm} push adapter: Firebase Cloud Messaging HTTP v1, one request per device
 * (protocol.md 11.2). Authenticates as the service account of {@code credentials} or
 * {@code credentials_file}; unregistered tokens are deleted from the store.
 *
 * <p>Config (Tinode's names): {@code enabled}, {@code dry_run}, {@code credentials},
 * {@code credentials_file}, {@code time_to_live}, {@code apns_bundle_id}, {@code android},
 * {@code apns}, {@code webpush}; and this server's: {@code endpoint} (default
 * {@code https://fcm.googleapis.com}), {@code iid_endpoint} (channel topics, default
 * {@code https://iid.googleapis.com}), {@code queue_size}, {@code threads}, {@code timeout_ms},
 * {@code max_attempts}, {@code backoff_ms}, {@code max_backoff_ms}.
 */
public final class FcmPushProvider implements PushProvider {
    private static final System.Logger LOG = System.getLogger(FcmPushProvider.class.getName());

    private final Store store;
    private final Clock clock;
    private final ServiceAccountToken token;
    private final PushSender sender;
    private final FcmMessages.Options options;
    private final String sendUrl;
    private final boolean dryRun;
    private final String iidUrl;
    /** Devices per topic-management call at most (Tinode's subBatchSize). */
    static final int SUB_BATCH = 1000;

    private FcmPushProvider(JsonObject c, Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.sender = new PushSender("fcm", AdapterConfig.sender(c));
        this.token = new ServiceAccountToken(credentials(c), ServiceAccountToken.FCM_SCOPE, clock,
                sender.settings().timeout());
        this.options = AdapterConfig.fcmOptions(c);
        this.dryRun = AdapterConfig.flag(c, "dry_run");
        String endpoint = AdapterConfig.string(c, "endpoint", "https://fcm.googleapis.com");
        this.iidUrl = AdapterConfig.string(c, "iid_endpoint", "https://iid.googleapis.com").replaceAll("/+$", "");
        this.sendUrl = endpoint.replaceAll("/+$", "") + "/v1/projects/" + token.projectId() + "/messages:send";
    }

    /**
     * An adapter for Tinode's {@code fcm} config object.
     *
     * @param configJson the {@code config} object of the {@code push} entry
     * @param store where devices are found and invalid ones deleted
     * @param clock the clock for tokens and APNs expiry
     * @throws IllegalArgumentException when credentials are missing or unreadable
     */
    public static FcmPushProvider create(String configJson, Store store, Clock clock) {
        return new FcmPushProvider(AdapterConfig.parse(configJson), store, clock);
    }

    @Override
    public String name() {
        return "fcm";
    }

    @Override
    public void push(PushReceipt r) {
        // Built here, on the engine's push thread: when every device got the event live (the
        // usual case while people chat) nothing is built and no sending thread is woken.
        List<FcmMessages.Outgoing> messages = FcmMessages.build(r, AdapterConfig.devices(store, r), options,
                clock.instant());
        if (!messages.isEmpty()) {
            sender.submit(() -> send(messages), messages.size());
        }
    }

    /**
     * Joins devices to (or removes them from) channel topics through Google's Instance ID API, as
     * the Firebase admin SDK's {@code SubscribeToTopic} does.
     */
    @Override
    public void channel(ChannelRequest req) {
        sender.submit(() -> {
            List<String> devices = req.deviceId() != null ? List.of(req.deviceId())
                    : AdapterConfig.deviceTokens(store, req.uid(), SUB_BATCH);
            List<String> channels = req.channel() != null ? List.of(req.channel()) : AdapterConfig.channels(store, req.uid());
            if (devices.isEmpty()) {
                return;
            }
            for (String channel : channels) {
                JsonObject body = new JsonObject();
                body.addProperty("to", "/topics/" + channel);
                JsonArray tokens = new JsonArray();
                devices.forEach(tokens::add);
                body.add("registration_tokens", tokens);
                String url = iidUrl + (req.unsub() ? "/iid/v1:batchRemove" : "/iid/v1:batchAdd");
                sender.send(() -> HttpRequest.newBuilder(URI.create(url)).timeout(sender.settings().timeout())
                        .header("Authorization", "Bearer " + token.get()).header("access_token_auth", "true")
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), 0, (status, reply) -> {
                            if (status / 100 != 2 || reply.contains("\"error\"")) {
                                LOG.log(System.Logger.Level.INFO, "fcm: channel {0} failed: {1} {2}", channel, status, reply);
                            }
                            return 0;
                        });
            }
        }, 0);
    }

    @Override
    public PushStats stats() {
        return sender.stats();
    }

    @Override
    public void close() {
        sender.close();
    }

    private void send(List<FcmMessages.Outgoing> messages) {
        for (FcmMessages.Outgoing m : messages) {
            JsonObject body = new JsonObject();
            body.add("message", m.message());
            if (dryRun) {
                body.addProperty("validateOnly", true);
            }
            String json = body.toString();
            sender.send(() -> HttpRequest.newBuilder(URI.create(sendUrl)).timeout(sender.settings().timeout())
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), 1, (status, reply) -> {
                        if (status / 100 == 2) {
                            return 0;
                        }
                        String code = errorCode(reply);
                        LOG.log(System.Logger.Level.INFO, "fcm: push refused: {0} {1}", status, code);
                        if ("UNREGISTERED".equals(code) && m.token() != null) {
                            AdapterConfig.deleteDevice(store, m.uid(), m.token());
                        }
                        return 1;
                    });
        }
    }

    /** The FCM error code in an error reply's {@code details} (e.g. {@code UNREGISTERED}), or "". */
    static String errorCode(String reply) {
        try {
            JsonObject err = JsonParser.parseString(reply).getAsJsonObject().getAsJsonObject("error");
            if (err != null && err.has("details")) {
                for (JsonElement d : err.getAsJsonArray("details")) {
                    if (d.isJsonObject() && d.getAsJsonObject().has("errorCode")) {
                        return d.getAsJsonObject().get("errorCode").getAsString();
                    }
                }
            }
            return err != null && err.has("status") ? err.get("status").getAsString() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String credentials(JsonObject c) {
        JsonObject inline = AdapterConfig.object(c, "credentials");
        if (inline != null) {
            return inline.toString();
        }
        String file = AdapterConfig.string(c, "credentials_file", null);
        if (file == null) {
            throw new IllegalArgumentException("fcm: missing credentials");
        }
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("fcm: cannot read " + file, e);
        }
    }
}
