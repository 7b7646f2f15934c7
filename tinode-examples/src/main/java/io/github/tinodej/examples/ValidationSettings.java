package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.validate.CredentialValidator;
import io.github.tinodej.validate.EmailValidator;
import io.github.tinodej.validate.LoggingSmsSender;
import io.github.tinodej.validate.TelValidator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tinode's account settings beyond passwords: {@code acc_validation} (the {@code email} and
 * {@code tel} validators, in Tinode's format: {@code add_to_tags}, {@code required} levels and the
 * validator's own {@code config}), {@code auth_config.code} (password-reset codes) and
 * {@code acc_gc_config} (removal of accounts never validated), and {@code default_country_code} (the
 * region of phone numbers searched without a country prefix). As in Tinode, a validator without
 * {@code required} levels is off, though with {@code add_to_tags} its tag namespace stays
 * client-immutable. The {@code tel} validator logs its text messages ({@link LoggingSmsSender}):
 * the launcher has no SMS provider.
 */
final class ValidationSettings {
    private ValidationSettings() {
    }

    static void apply(TinodeConfig cfg, TinodeServer.Builder b) {
        JsonElement section = cfg.element("acc_validation");
        if (section != null && !section.isJsonNull()) {
            if (!section.isJsonObject()) {
                throw new TinodeConfig.ConfigException("acc_validation must be an object");
            }
            for (Map.Entry<String, JsonElement> e : section.getAsJsonObject().entrySet()) {
                validator(cfg, e.getKey(), b);
            }
        }
        String country = cfg.string("default_country_code");
        if (country != null && !country.isEmpty()) {
            try {
                b.defaultCountryCode(country);
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException("default_country_code: " + e.getMessage());
            }
        }
        if (cfg.element("auth_config.code") != null) {
            long expire = cfg.number("auth_config.code.expire_in", 0);
            long length = cfg.number("auth_config.code.code_length", 0);
            long retries = cfg.number("auth_config.code.max_retries", 0);
            if (expire <= 0 || length < 4 || length > 18 || retries < 1) {
                throw new TinodeConfig.ConfigException("auth_config.code needs expire_in > 0, code_length 4..18 "
                        + "and max_retries >= 1");
            }
            b.resetCodes((int) length, Duration.ofSeconds(expire), (int) retries);
        }
        if (cfg.bool("acc_gc_config.enabled", false)) {
            long period = cfg.number("acc_gc_config.gc_period", 0);
            long block = cfg.number("acc_gc_config.gc_block_size", 0);
            long age = cfg.number("acc_gc_config.gc_min_account_age", 0);
            if (period <= 0 || block <= 0 || age <= 0) {
                throw new TinodeConfig.ConfigException("acc_gc_config needs positive gc_period, gc_block_size "
                        + "and gc_min_account_age");
            }
            b.unvalidatedAccountGc(Duration.ofSeconds(period), (int) block, Duration.ofHours(age));
        }
    }

    private static void validator(TinodeConfig cfg, String name, TinodeServer.Builder b) {
        String key = "acc_validation." + name;
        boolean addToTags = cfg.bool(key + ".add_to_tags", false);
        if (addToTags && name.contains(":")) {
            throw new TinodeConfig.ConfigException(key + ": validator names must not contain ':'");
        }
        List<String> required = cfg.strings(key + ".required");
        Set<AuthLevel> levels = EnumSet.noneOf(AuthLevel.class);
        for (String r : required == null ? List.<String>of() : required) {
            AuthLevel l = AuthLevel.ofWireName(r.toLowerCase(Locale.ROOT)).filter(x -> x != AuthLevel.NONE)
                    .orElseThrow(() -> new TinodeConfig.ConfigException(key + ".required: invalid level '" + r + "'"));
            levels.add(l);
        }
        if (levels.isEmpty()) {
            if (addToTags) {
                // Off, but its namespace stays restricted.
                b.validator(new Disabled(name), Set.of(), true);
            }
            return;
        }
        JsonElement conf = cfg.element(key + ".config");
        String json = conf == null || conf.isJsonNull() ? "{}" : conf.toString();
        if (conf != null && !conf.isJsonNull() && !(conf instanceof JsonObject)) {
            throw new TinodeConfig.ConfigException(key + ".config must be an object");
        }
        CredentialValidator v;
        try {
            v = switch (name) {
                case "email" -> EmailValidator.fromTinodeConfig(json);
                case "tel" -> TelValidator.fromTinodeConfig(json, new LoggingSmsSender());
                default -> throw new TinodeConfig.ConfigException(key + ": unknown validator '" + name + "'");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TinodeConfig.ConfigException(key + ".config: " + e.getMessage());
        }
        b.validator(v, levels, addToTags);
    }

    /** Stands for a configured validator that is off: only its name is used. */
    private record Disabled(String method) implements CredentialValidator {
        private static StoreException off() {
            return new StoreException(StoreException.Kind.UNSUPPORTED, "validator disabled");
        }

        @Override
        public String preCheck(String value, Map<String, String> params) {
            throw off();
        }

        @Override
        public boolean request(Uid user, String value, String lang, String response, byte[] tmpToken) {
            throw off();
        }

        @Override
        public void resetSecret(String value, String scheme, String lang, String code, Map<String, String> params) {
            throw off();
        }

        @Override
        public String check(Uid user, String response) {
            throw off();
        }

        @Override
        public void remove(Uid user, String value) {
            throw off();
        }

        @Override
        public void delete(Uid user) {
            throw off();
        }
    }
}
