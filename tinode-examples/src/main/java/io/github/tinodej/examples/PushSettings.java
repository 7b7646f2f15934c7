package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.push.stock.FcmPushProvider;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import io.github.tinodej.push.stock.StdoutPushProvider;
import io.github.tinodej.push.stock.TnpgPushProvider;
import io.github.tinodej.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Tinode's {@code push} section: a list of {@code {"name": ..., "config": {...}}}; each entry whose
 * config says {@code "enabled": true} turns on the stock adapter of that name ({@code stdout},
 * {@code fcm}, {@code tnpg}). Several at once receive every push, as in Tinode.
 */
final class PushSettings {
    private static final System.Logger LOG = System.getLogger(PushSettings.class.getName());

    private PushSettings() {
    }

    /**
     * The provider the config asks for, or null for none.
     *
     * @throws TinodeConfig.ConfigException for a malformed section or an adapter that cannot start
     */
    static PushProvider from(TinodeConfig cfg, Store store, Clock clock) {
        JsonElement section = cfg.element("push");
        if (section == null || section.isJsonNull()) {
            return null;
        }
        if (!section.isJsonArray()) {
            throw new TinodeConfig.ConfigException("push must be a list of {name, config}");
        }
        List<PushProvider> enabled = new ArrayList<>();
        for (JsonElement e : section.getAsJsonArray()) {
            JsonObject entry = e.isJsonObject() ? e.getAsJsonObject() : null;
            JsonElement name = entry == null ? null : entry.get("name");
            JsonElement config = entry == null ? null : entry.get("config");
            if (name == null || !name.isJsonPrimitive() || config != null && !config.isJsonObject() && !config.isJsonNull()) {
                throw new TinodeConfig.ConfigException("push: each entry must be {\"name\": ..., \"config\": {...}}");
            }
            JsonObject c = config != null && config.isJsonObject() ? config.getAsJsonObject() : new JsonObject();
            JsonElement on = c.get("enabled");
            if (on == null || !on.isJsonPrimitive() || !on.getAsJsonPrimitive().isBoolean() || !on.getAsBoolean()) {
                continue;
            }
            try {
                PushProvider p = create(name.getAsString(), c.toString(), store, clock);
                if (p != null) {
                    enabled.add(p);
                    LOG.log(System.Logger.Level.INFO, "push: {0} enabled", p.name());
                }
            } catch (RuntimeException ex) {
                enabled.forEach(PushProvider::close);
                throw new TinodeConfig.ConfigException("push." + name.getAsString() + ": " + ex.getMessage());
            }
        }
        return enabled.isEmpty() ? null : enabled.size() == 1 ? enabled.get(0) : new FanOut(enabled);
    }

    private static PushProvider create(String name, String config, Store store, Clock clock) {
        return switch (name) {
            case "stdout" -> StdoutPushProvider.fromConfig(config);
            case "fcm" -> FcmPushProvider.create(config, store, clock);
            case "tnpg" -> TnpgPushProvider.create(config, store, clock);
            default -> {
                // Tinode skips names no adapter registered.
                LOG.log(System.Logger.Level.WARNING, "push: no adapter named ''{0}''; entry ignored", name);
                yield null;
            }
        };
    }

    /** Every push to every enabled adapter. */
    private record FanOut(List<PushProvider> providers) implements PushProvider {
        @Override
        public String name() {
            return "multi";
        }

        @Override
        public void push(PushReceipt receipt) {
            providers.forEach(p -> p.push(receipt));
        }

        @Override
        public PushStats stats() {
            return providers.stream().map(PushProvider::stats).reduce(PushStats.NONE, PushStats::plus);
        }

        @Override
        public void close() {
            providers.forEach(PushProvider::close);
        }
    }
}
