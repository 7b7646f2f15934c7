package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one list of {@code tinode.conf} keys the launcher knows: those it reads, and those it
 * ignores because ignoring them changes nothing (each with the reason, some only for the value
 * that makes that true). Every other key is reported by name at start, so that an operator who
 * copies Tinode's file sees which settings have no effect here instead of losing them silently.
 * Sections marked as such are checked key by key; other values are judged whole.
 */
final class ConfigKeys {
    /** How the launcher treats a key: whether to look inside, and which values it honours. */
    private record Rule(boolean section, Predicate<JsonElement> honoured) {
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            // Read by Launcher, StoreSelection and WebRtcSettings.
            read("listen"), read("expvar"), read("health_checks"), read("prometheus_path"), read("api_key_salt"), read("static_data"), read("use_x_forwarded_for"),
            read("max_message_size"), read("max_subscriber_count"), read("max_tag_count"), read("msg_delete_age"),
            read("p2p_delete_enabled"), read("permanent_accounts"),
            // GrpcSettings.
            read("grpc_listen"), read("grpc_keepalive_enabled"),
            // HttpHeaderSettings.
            read("x_frame_options"), read("cache_control"), read("media.handlers.fs.cors_origins"),
            read("media.handlers.fs.cache_control"),
            // tinodej's own: Tinode hard-codes these.
            read("longpoll_timeout_ms"), read("longpoll_session_timeout_ms"), read("auth_thread_nice"),
            // tinodej's own: the proxies whose X-Forwarded-For is believed (Tinode believes anyone's).
            read("trusted_proxies"), read("push"),
            // tinodej's own: RateLimitSettings.
            section(RateLimitSettings.SECTION), read("rate_limits.enabled"), read("rate_limits.exempt_loopback"),
            read("rate_limits.connections_per_address"), read("rate_limits.sessions_per_user"),
            read("rate_limits.hello_timeout_seconds"), read("rate_limits.flood_penalty_seconds"),
            read("rate_limits.publish"), read("rate_limits.notes"), read("rate_limits.queries"),
            read("rate_limits.search"), read("rate_limits.login_failures_per_account"),
            read("rate_limits.login_failures_per_address"), read("rate_limits.accounts_per_address"),
            read("rate_limits.upload_bytes"), read("rate_limits.strikes"),
            section("media"), read("media.use_handler"), read("media.max_size"),
            section("media.handlers"), section("media.handlers.fs"), read("media.handlers.fs.upload_dir"),
            section("auth_config"),
            section("auth_config.basic"), read("auth_config.basic.add_to_tags"),
            read("auth_config.basic.min_login_length"), read("auth_config.basic.min_password_length"),
            section("auth_config.token"), read("auth_config.token.expire_in"), read("auth_config.token.serial_num"),
            read("auth_config.token.key"),
            // AuthSettings: Tinode's rest service and logical names, plus tinodej's timeouts.
            section("auth_config.rest"), read("auth_config.rest.server_url"),
            read("auth_config.rest.allow_new_accounts"), read("auth_config.rest.use_separate_endpoints"),
            read("auth_config.rest.connect_timeout_ms"), read("auth_config.rest.request_timeout_ms"),
            read("auth_config.logical_names"),
            // tinodej's own: key rotation (Launcher.tokenOldKeys).
            read("auth_config.token.old_keys"),
            // ValidationSettings.
            read("default_country_code"),
            section("auth_config.code"), read("auth_config.code.expire_in"), read("auth_config.code.max_retries"),
            read("auth_config.code.code_length"),
            section("acc_validation"), section("acc_validation.email"), read("acc_validation.email.add_to_tags"),
            read("acc_validation.email.required"), read("acc_validation.email.config"),
            section("acc_validation.tel"), read("acc_validation.tel.add_to_tags"),
            read("acc_validation.tel.required"), read("acc_validation.tel.config"),
            section("acc_gc_config"), read("acc_gc_config.enabled"), read("acc_gc_config.gc_period"),
            read("acc_gc_config.gc_block_size"), read("acc_gc_config.gc_min_account_age"),
            // The adapters' settings are StoreSelection's (it reads the selected one).
            section("store_config"), read("store_config.use_adapter"), read("store_config.adapters"),
            // TlsSettings: HTTPS from PEM files, the HTTP redirect and HSTS.
            section("tls"), read("tls.enabled"), read("tls.http_redirect"), read("tls.strict_max_age"),
            read("tls.cert_file"), read("tls.key_file"),
            section("webrtc"), read("webrtc.enabled"), read("webrtc.call_establishment_timeout"),
            read("webrtc.ice_servers"), read("webrtc.ice_servers_file"),

            // Harmless whatever the value.
            // Per-message deflate is optional: without it clients talk uncompressed, as with Tinode's switch.
            ignored("ws_compression_disabled", v -> true),
            // Let's Encrypt is not implemented; TLS on without cert_file and key_file refuses to start.
            ignored("tls.autocert", v -> true),
            // Settings of a handler that is not selected; selecting it is refused at start.
            ignored("media.handlers.s3", v -> true),

            // Harmless only with the value the launcher behaves as anyway.
            // The API is served at / and TinodeWeb at /.
            ignored("api_path", isString("", "/")), ignored("static_mount", isString("", "/")),
            ignored("server_status", isString("", "-")),
            // The core's alias namespace is fixed, and so is its result cap.
            ignored("alias_tag", isString("alias")), ignored("store_config.max_results", isNumber(1024)),
            ignored("masked_tags", isEmptyArray()),
            // Unreferenced uploads are collected every 60 s, all at once.
            ignored("media.gc_period", isNumber(60)),
            ignored("media.gc_block_size", v -> isNumber(v) && v.getAsLong() > 0),
            // ClusterSettings (a blank self is a single node, as in Tinode).
            section("cluster_config"), read("cluster_config.self"), read("cluster_config.nodes"),
            section("cluster_config.failover"), read("cluster_config.failover.enabled"),
            read("cluster_config.failover.heartbeat"), read("cluster_config.failover.vote_after"),
            read("cluster_config.failover.node_fail_after"), read("cluster_config.min_members"),
            read("cluster_config.cluster_name"), read("cluster_config.failure_seconds"),
            read("cluster_config.outbox_limit"), read("cluster_config.remote_request_limit"),
            // PluginSettings: every enabled entry becomes a gRPC plugin client.
            read("plugins"));

    private ConfigKeys() {
    }

    /** Paths of the keys in {@code root} the launcher does not implement, in file order. */
    static List<String> unsupported(JsonObject root) {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonObject o, String prefix, List<String> out) {
        for (var e : o.entrySet()) {
            String path = prefix + e.getKey();
            JsonElement v = e.getValue();
            Rule rule = RULES.get(path);
            if (v.isJsonNull()) {
                continue; // Go reads null as "not set".
            }
            if (rule == null || rule.section() && !v.isJsonObject()) {
                out.add(path);
            } else if (rule.section()) {
                collect(v.getAsJsonObject(), path + ".", out);
            } else if (!rule.honoured().test(v)) {
                out.add(path);
            }
        }
    }

    private static Map.Entry<String, Rule> read(String path) {
        return Map.entry(path, new Rule(false, v -> true));
    }

    private static Map.Entry<String, Rule> section(String path) {
        return Map.entry(path, new Rule(true, v -> true));
    }

    private static Map.Entry<String, Rule> ignored(String path, Predicate<JsonElement> harmless) {
        return Map.entry(path, new Rule(false, harmless));
    }

    private static Predicate<JsonElement> isString(String... allowed) {
        return v -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && List.of(allowed).contains(v.getAsString());
    }

    private static Predicate<JsonElement> isNumber(long n) {
        return v -> isNumber(v) && v.getAsLong() == n;
    }

    private static boolean isNumber(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
    }

    private static Predicate<JsonElement> isEmptyArray() {
        return v -> v.isJsonArray() && v.getAsJsonArray().isEmpty();
    }
}
