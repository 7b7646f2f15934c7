package io.github.tinodej.push.stock;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.internal.push.AdapterConfig;
import io.github.tinodej.internal.push.FcmMessages;
import io.github.tinodej.internal.push.PushSender;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import io.github.tinodej.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Tinode's {@code tnpg} push adapter: Tinode Push Gateway (protocol.md 11.3). The FCM v1 message
 * objects go in gzip'd JSON arrays of up to 100 to {@code <endpoint>/pushv1/<org>} with the
 * organisation's bearer token; tokens the gateway calls unregistered or invalid are deleted.
 *
 * <p>Config (Tinode's names): {@code enabled}, {@code org}, {@code token}; and this server's:
 * {@code endpoint} (default {@code https://pushgw.tinode.co}, Tinode's {@code debug_server}
 * also read), {@code queue_size}, {@code threads}, {@code timeout_ms}, {@code max_attempts},
 * {@code backoff_ms}, {@code max_backoff_ms}.
 */
public final class TnpgPushProvider implements PushProvider {
    /** Messages per request at most. */
    static final int BATCH = 100;
    private static final System.Logger LOG = System.getLogger(TnpgPushProvider.class.getName());
    /** TNPG gets Tinode's blank FCM config: no notification blocks. */
    private static final FcmMessages.Options OPTIONS = new FcmMessages.Options(0, "", null, null, false);

    private final Store store;
    private final Clock clock;
    private final PushSender sender;
    private final String pushUrl;
    private final String subUrl;
    /** Devices per channel request at most. */
    static final int SUB_BATCH = 1000;
    private final String authToken;

    private TnpgPushProvider(JsonObject c, Store store, Clock clock) {
        String org = AdapterConfig.string(c, "org", "").trim().toLowerCase(Locale.ROOT);
        if (org.isEmpty()) {
            throw new IllegalArgumentException("tnpg: organization name is missing");
        }
        this.store = store;
        this.clock = clock;
        this.sender = new PushSender("tnpg", AdapterConfig.sender(c));
        this.authToken = AdapterConfig.string(c, "token", "");
        String base = AdapterConfig.string(c, "endpoint", AdapterConfig.string(c, "debug_server", "https://pushgw.tinode.co"));
        this.pushUrl = base.replaceAll("/+$", "") + "/pushv1/" + org;
        this.subUrl = base.replaceAll("/+$", "") + "/sub/" + org;
    }

    /**
     * An adapter for Tinode's {@code tnpg} config object.
     *
     * @param configJson the {@code config} object of the {@code push} entry
     * @param store where devices are found and invalid ones deleted
     * @param clock the clock for APNs expiry
     */
    public static TnpgPushProvider create(String configJson, Store store, Clock clock) {
        return new TnpgPushProvider(AdapterConfig.parse(configJson), store, clock);
    }

    @Override
    public String name() {
        return "tnpg";
    }

    @Override
    public void push(PushReceipt r) {
        // Built here, on the engine's push thread: when every device got the event live (the
        // usual case while people chat) nothing is built and no sending thread is woken.
        List<FcmMessages.Outgoing> all = FcmMessages.build(r, AdapterConfig.devices(store, r), OPTIONS, clock.instant());
        if (!all.isEmpty()) {
            sender.submit(() -> send(all), all.size());
        }
    }

    /** Joins devices to (or removes them from) channel topics through the gateway's {@code /sub}. */
    @Override
    public void channel(ChannelRequest req) {
        sender.submit(() -> {
            JsonObject body = new JsonObject();
            if (req.channel() != null) {
                List<String> devices = AdapterConfig.deviceTokens(store, req.uid(), SUB_BATCH);
                if (devices.isEmpty()) {
                    return;
                }
                body.addProperty("channel", req.channel());
                body.add("devices", array(devices));
            } else {
                List<String> channels = AdapterConfig.channels(store, req.uid());
                if (channels.isEmpty() || req.deviceId() == null) {
                    return;
                }
                body.add("channels", array(channels));
                body.addProperty("device", req.deviceId());
            }
            body.addProperty("unsub", req.unsub());
            byte[] gz = gzip(body.toString());
            sender.send(() -> post(subUrl, gz), 0, (status, reply) -> {
                if (status / 100 != 2) {
                    LOG.log(System.Logger.Level.INFO, "tnpg: channel request refused: {0}", status);
                }
                return 0;
            });
        }, 0);
    }

    private HttpRequest post(String url, byte[] gzipped) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(sender.settings().timeout())
                .header("Authorization", "Bearer " + authToken)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build();
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    @Override
    public PushStats stats() {
        return sender.stats();
    }

    @Override
    public void close() {
        sender.close();
    }

    private void send(List<FcmMessages.Outgoing> all) {
        for (int i = 0; i < all.size(); i += BATCH) {
            List<FcmMessages.Outgoing> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            JsonArray array = new JsonArray();
            batch.forEach(m -> array.add(m.message()));
            byte[] body = gzip(array.toString());
            sender.send(() -> post(pushUrl, body), batch.size(),
                    (status, reply) -> status / 100 == 2 ? handle(reply, batch) : batch.size());
        }
    }

    /** Reads the batch response, deletes invalid tokens; answers how many failed. */
    private int handle(String reply, List<FcmMessages.Outgoing> batch) {
        JsonObject o;
        try {
            o = JsonParser.parseString(reply).getAsJsonObject();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tnpg: unreadable response");
            return 0;
        }
        if (!AdapterConfig.string(o, "errcode", "").isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "tnpg: push failed: {0}", AdapterConfig.string(o, "errmsg", ""));
            return batch.size();
        }
        JsonArray resp = o.has("resp") && o.get("resp").isJsonArray() ? o.getAsJsonArray("resp") : new JsonArray();
        for (int i = 0; i < resp.size(); i++) {
            JsonElement e = resp.get(i);
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject r = e.getAsJsonObject();
            int index = (int) AdapterConfig.number(r, "index", i);
            String code = AdapterConfig.string(r, "errcode", "").toLowerCase(Locale.ROOT).replace('_', '-');
            String detail = AdapterConfig.string(r, "exerr", "") + " " + AdapterConfig.string(r, "errmsg", "");
            boolean invalid = code.equals("unregistered") || code.equals("registration-token-not-registered")
                    || code.equals("invalid-argument") && detail.contains("message.token");
            if (invalid && index >= 0 && index < batch.size() && batch.get(index).token() != null) {
                AdapterConfig.deleteDevice(store, batch.get(index).uid(), batch.get(index).token());
            }
        }
        return (int) AdapterConfig.number(o, "fail_count", 0);
    }

    private static byte[] gzip(String json) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
