package io.github.tinodej.examples;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.AnonymousAuthenticator;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.BasicAuthenticator;
import io.github.tinodej.auth.rest.RestAuthenticator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The launcher's schemes from {@code auth_config}, in Tinode's format: {@code basic}, the
 * {@code rest} service ({@code server_url}, {@code allow_new_accounts},
 * {@code use_separate_endpoints}, plus tinodej's {@code connect_timeout_ms} and
 * {@code request_timeout_ms}), and {@code logical_names}, which give a scheme another name
 * ({@code "basic:rest"}: clients logging in with {@code basic} are checked by the rest service) or
 * take a name away ({@code "rest:"}). The {@code token} section is read by {@link Launcher}.
 */
final class AuthSettings {
    static final String REST = "auth_config.rest";
    static final String LOGICAL_NAMES = "auth_config.logical_names";

    private AuthSettings() {
    }

    /**
     * The schemes to register, by the name clients send, and the names to take away. Built before
     * anything is opened, so a bad section stops the launcher with nothing to clean up.
     */
    record Plan(Map<String, Authenticator> schemes, List<String> removed) {
        /** Registers the schemes on {@code b}. */
        void applyTo(TinodeServer.Builder b) {
            schemes.forEach(b::authenticator);
            removed.forEach(b::withoutAuthenticator);
        }
    }

    /** {@code auth_config.basic}: also what the admin commands hash passwords with. */
    static BasicAuthenticator basic(TinodeConfig cfg) {
        return new BasicAuthenticator((int) cfg.number("auth_config.basic.min_login_length", 4),
                (int) cfg.number("auth_config.basic.min_password_length", 6),
                10, cfg.bool("auth_config.basic.add_to_tags", true));
    }

    /** Reads {@code auth_config} (except {@code token}). */
    static Plan from(TinodeConfig cfg) {
        Map<String, String> logical = logicalNames(cfg);
        Map<String, Authenticator> real = new LinkedHashMap<>();
        real.put(BasicAuthenticator.SCHEME, basic(cfg));
        real.put(AnonymousAuthenticator.SCHEME, new AnonymousAuthenticator());
        if (cfg.element(REST) != null && !cfg.element(REST).isJsonNull()) {
            // Tinode sends the logical name the service is known by in every request.
            String name = logical.entrySet().stream().filter(e -> e.getValue().equals(RestAuthenticator.SCHEME))
                    .map(Map.Entry::getKey).findFirst().orElse(RestAuthenticator.SCHEME);
            real.put(RestAuthenticator.SCHEME, rest(cfg, name));
        }
        Map<String, Authenticator> schemes = new LinkedHashMap<>(real);
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, String> e : logical.entrySet()) {
            if (e.getValue().isEmpty()) {
                schemes.remove(e.getKey());
                removed.add(e.getKey());
            } else {
                Authenticator a = real.get(e.getValue());
                if (a == null) {
                    throw new TinodeConfig.ConfigException(LOGICAL_NAMES + ": unknown handler for logical auth name '"
                            + e.getKey() + ":" + e.getValue() + "'");
                }
                schemes.put(e.getKey(), a);
            }
        }
        return new Plan(schemes, removed);
    }

    private static RestAuthenticator rest(TinodeConfig cfg, String name) {
        String url = cfg.string(REST + ".server_url");
        if (url == null || url.isEmpty()) {
            throw new TinodeConfig.ConfigException(REST + ".server_url is required");
        }
        try {
            return RestAuthenticator.builder(URI.create(url))
                    .allowNewAccounts(cfg.bool(REST + ".allow_new_accounts", false))
                    .useSeparateEndpoints(cfg.bool(REST + ".use_separate_endpoints", false))
                    .connectTimeout(Duration.ofMillis(cfg.number(REST + ".connect_timeout_ms", 2000)))
                    .requestTimeout(Duration.ofMillis(cfg.number(REST + ".request_timeout_ms", 5000)))
                    .name(name)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException(REST + ": " + e.getMessage());
        }
    }

    /** {@code "logical:real"} pairs, checked as Tinode's {@code InitAuthLogicalNames} checks them. */
    static Map<String, String> logicalNames(TinodeConfig cfg) {
        List<String> pairs = cfg.strings(LOGICAL_NAMES);
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            String[] parts = pair.split(":", -1);
            if (parts.length != 2) {
                throw new TinodeConfig.ConfigException(LOGICAL_NAMES + ": invalid logical auth mapping '" + pair + "'");
            }
            String name = parts[0].toLowerCase(Locale.ROOT);
            String target = parts[1].toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new TinodeConfig.ConfigException(LOGICAL_NAMES + ": empty logical auth name '" + pair + "'");
            }
            if (out.containsKey(name)) {
                throw new TinodeConfig.ConfigException(LOGICAL_NAMES + ": duplicate mapping for logical auth name '"
                        + pair + "'");
            }
            if (name.equals("token") || target.equals("token")) {
                throw new TinodeConfig.ConfigException(LOGICAL_NAMES + ": the token scheme cannot be renamed here ('"
                        + pair + "')");
            }
            if (!name.equals(target)) {
                out.put(name, target);
            }
        }
        return out;
    }
}
