package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void tinodeStockConfig_reportsExactlyWhatIsNotImplemented() {
        // The shape and values of Tinode's shipped server/tinode.conf, abridged.
        TinodeConfig c = TinodeConfig.parse("""
                {
                  "listen": ":6060", "api_path": "/", "cache_control": 39600, "ws_compression_disabled": false,
                  "static_mount": "/", "grpc_listen": ":16060", "grpc_keepalive_enabled": true,
                  "api_key_salt": "T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=", "max_message_size": 131072,
                  "max_subscriber_count": 128, "max_tag_count": 16, "permanent_accounts": false,
                  "expvar": "/debug/vars", "use_x_forwarded_for": true, "x_frame_options": "SAMEORIGIN",
                  "default_country_code": "", "p2p_delete_enabled": true, "msg_delete_age": 600, "alias_tag": "alias",
                  "media": {"use_handler": "fs", "max_size": 8388608, "gc_period": 60, "gc_block_size": 100,
                    "handlers": {"fs": {"upload_dir": "uploads", "cache_control": "max-age=86400", "cors_origins": ["*"]},
                                 "s3": {"bucket": "b", "cors_origins": ["*"]}}},
                  "tls": {"enabled": false, "http_redirect": ":80", "strict_max_age": 604800,
                    "autocert": {"cache": "/etc/letsencrypt", "email": "noreply@example.com", "domains": ["x"]},
                    "cert_file": "/etc/x.crt", "key_file": "/etc/x.key"},
                  "auth_config": {"logical_names": [],
                    "basic": {"add_to_tags": true, "min_login_length": 4, "min_password_length": 6},
                    "token": {"expire_in": 1209600, "serial_num": 1, "key": "wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc="},
                    "code": {"expire_in": 900, "max_retries": 3, "code_length": 6}},
                  "store_config": {"uid_key": "la6YsO+bNX/+XIkOqc5Svw==", "max_results": 1024, "use_adapter": "",
                    "adapters": {"mysql": {"User": "root", "Net": "tcp", "sql_timeout": 10}}},
                  "acc_validation": {"email": {"add_to_tags": true, "required": ["auth"], "config": {}}},
                  "acc_gc_config": {"enabled": true, "gc_period": 3600, "gc_block_size": 10, "gc_min_account_age": 30},
                  "push": [{"name": "stdout", "config": {"enabled": false}}, {"name": "fcm", "config": {"enabled": false}}],
                  "webrtc": {"enabled": false, "call_establishment_timeout": 30,
                    "ice_servers": [{"urls": ["stun:stun.example.com"]}], "ice_servers_file": "/path/to/ice.json"},
                  "cluster_config": {"self": "", "nodes": [{"name": "one", "addr": "localhost:12001"}]},
                  "plugins": [{"enabled": false, "name": "python_chat_bot", "service_addr": "tcp://localhost:40051"}]
                }
                """);
        assertThat(c.unsupportedKeys()).containsExactly("store_config.uid_key");
    }

    @Test
    void featuresSwitchedOn_reportedByTheirKey() {
        TinodeConfig c = TinodeConfig.parse("""
                {"push": [{"name": "stdout", "config": {"enabled": false}}, {"name": "tnpg", "config": {"enabled": true}}],
                 "plugins": [{"name": "bot"}, {"name": "filter", "enabled": true}],
                 "cluster_config": {"self": "one"},
                 "api_path": "/chat/", "static_mount": "/web/", "alias_tag": "",
                 "media": {"gc_period": 0},
                 "tls": {"enabled": true}}
                """);
        // tls.enabled is read: the launcher refuses to start rather than ignore it.
        // push is implemented (PushSettings): an enabled adapter is no longer reported.
        // plugins is implemented (PluginSettings): enabled entries are no longer reported.
        // cluster_config is implemented (ClusterSettings).
        assertThat(c.unsupportedKeys()).containsExactly("api_path", "static_mount",
                "alias_tag", "media.gc_period");
    }

    @Test
    void unknownSubKeysOfKnownSections_reportedWithTheirPath() {
        TinodeConfig c = TinodeConfig.parse("""
                {"media": {"handlers": {"gcs": {}}, "max_size": 1},
                 "auth_config": {"rest": {"server_url": "http://x", "timeout": 1}, "token": {"expire_in": 60, "salt": "x"}},
                 "webrtc": {"enabled": false, "turn": 1},
                 "tls": {"enabled": false, "ciphers": []},
                 "masked_tags": ["email"]}
                """);
        assertThat(c.unsupportedKeys()).containsExactly("media.handlers.gcs", "auth_config.rest.timeout",
                "auth_config.token.salt", "webrtc.turn", "tls.ciphers", "masked_tags");
    }

    @Test
    void nullsAndNonObjectSections() {
        // Go reads null as "not set"; a section that is not an object is not understood.
        assertThat(TinodeConfig.parse("{\"push\": null, \"tls\": null}").unsupportedKeys()).isEmpty();
        assertThat(TinodeConfig.parse("{\"media\": 5, \"webrtc\": []}").unsupportedKeys()).containsExactly("media", "webrtc");
    }
}
