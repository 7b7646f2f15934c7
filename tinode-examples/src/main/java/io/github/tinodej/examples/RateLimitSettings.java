package io.github.tinodej.examples;

import io.github.tinodej.server.RateLimits;
import io.github.tinodej.server.RateLimits.Rate;
import java.time.Duration;

/**
 * The launcher's {@code rate_limits} section (tinodej's own; Tinode has no rate limits). Each rate
 * is {@code {"count": N, "per_seconds": S}} (a count of 0 turns it off); the defaults are
 * {@link RateLimits#DEFAULTS}. {@code "enabled": false} turns every limit off, and
 * {@code "exempt_loopback": true} lifts the limits keyed on client addresses for loopback clients
 * (load tests on one machine). Behind a reverse proxy on the same host, keep it false and list the
 * proxy in {@code trusted_proxies}: otherwise every client looks like loopback.
 */
final class RateLimitSettings {
    static final String SECTION = "rate_limits";
    static final String[] RATES = {"publish", "notes", "queries", "search", "login_failures_per_account",
        "login_failures_per_address", "accounts_per_address", "upload_bytes", "strikes"};

    private RateLimitSettings() {
    }

    static RateLimits from(TinodeConfig cfg) {
        if (!cfg.bool(SECTION + ".enabled", true)) {
            return RateLimits.NONE;
        }
        RateLimits d = RateLimits.DEFAULTS;
        long connections = cfg.number(SECTION + ".connections_per_address", d.connectionsPerAddress());
        long hello = cfg.number(SECTION + ".hello_timeout_seconds", d.helloTimeout().toSeconds());
        long penalty = cfg.number(SECTION + ".flood_penalty_seconds", d.floodPenalty().toSeconds());
        if (penalty < 0) {
            throw new TinodeConfig.ConfigException(SECTION + ".flood_penalty_seconds must be 0 or more, not " + penalty);
        }
        if (connections < 0 || connections > Integer.MAX_VALUE) {
            throw new TinodeConfig.ConfigException(SECTION + ".connections_per_address must be 0 or more, not " + connections);
        }
        long perUser = cfg.number(SECTION + ".sessions_per_user", d.sessionsPerUser());
        if (perUser < 0 || perUser > Integer.MAX_VALUE) {
            throw new TinodeConfig.ConfigException(SECTION + ".sessions_per_user must be 0 or more, not " + perUser);
        }
        if (hello < 0) {
            throw new TinodeConfig.ConfigException(SECTION + ".hello_timeout_seconds must be 0 or more, not " + hello);
        }
        return d.withPublish(rate(cfg, "publish", d.publish()))
                .withNotes(rate(cfg, "notes", d.notes()))
                .withQueries(rate(cfg, "queries", d.queries()))
                .withSearch(rate(cfg, "search", d.search()))
                .withLoginFailuresPerAccount(rate(cfg, "login_failures_per_account", d.loginFailuresPerAccount()))
                .withLoginFailuresPerAddress(rate(cfg, "login_failures_per_address", d.loginFailuresPerAddress()))
                .withAccountsPerAddress(rate(cfg, "accounts_per_address", d.accountsPerAddress()))
                .withUploadBytes(rate(cfg, "upload_bytes", d.uploadBytes()))
                .withStrikes(rate(cfg, "strikes", d.strikes()))
                .withConnectionsPerAddress((int) connections)
                .withSessionsPerUser((int) perUser)
                .withHelloTimeout(Duration.ofSeconds(hello))
                .withFloodPenalty(Duration.ofSeconds(penalty))
                .withExemptLoopback(cfg.bool(SECTION + ".exempt_loopback", d.exemptLoopback()));
    }

    private static Rate rate(TinodeConfig cfg, String name, Rate def) {
        String path = SECTION + "." + name;
        long count = cfg.number(path + ".count", def.capacity());
        long per = cfg.number(path + ".per_seconds", def.period().toSeconds());
        if (count < 0) {
            throw new TinodeConfig.ConfigException(path + ".count must be 0 (no limit) or more, not " + count);
        }
        if (per <= 0) {
            throw new TinodeConfig.ConfigException(path + ".per_seconds must be positive, not " + per);
        }
        return Rate.of(count, Duration.ofSeconds(per));
    }
}
