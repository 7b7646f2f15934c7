package io.github.tinodej.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tinode's {@code webrtc} section, as its {@code initVideoCalls} (server/calls.go) reads it: calls
 * are on only with {@code enabled: true}; the ICE servers come from {@code ice_servers} or, when
 * that is empty, from the JSON array in {@code ice_servers_file} (a path relative to the working
 * directory, comments allowed); enabled without any ICE server is an error; a missing or
 * non-positive {@code call_establishment_timeout} means 30 s.
 *
 * @param iceServersJson the servers as clients get them in {@code {hi}.params.iceServers}
 * @param callTimeout how long a call may ring, {@code {hi}.params.callTimeout}
 */
record WebRtcSettings(String iceServersJson, Duration callTimeout) {
    private static final System.Logger LOG = System.getLogger(WebRtcSettings.class.getName());
    private static final long DEFAULT_TIMEOUT_SECONDS = 30;
    private static final String SERVERS = "webrtc.ice_servers";
    private static final String FILE = "webrtc.ice_servers_file";

    /**
     * The settings, or null when calls are off.
     *
     * @throws TinodeConfig.ConfigException naming the key that is wrong or unreadable
     */
    static WebRtcSettings from(TinodeConfig cfg) {
        // Like Go, which decodes the whole section first: a malformed key fails even with calls off.
        boolean enabled = cfg.bool("webrtc.enabled", false);
        long timeout = cfg.number("webrtc.call_establishment_timeout", 0);
        JsonArray inline = servers(cfg.element(SERVERS), SERVERS);
        String file = cfg.string(FILE);
        if (!enabled) {
            return null;
        }
        boolean haveFile = file != null && !file.isEmpty();
        JsonArray servers = inline;
        if (!inline.isEmpty()) {
            if (haveFile) {
                LOG.log(System.Logger.Level.WARNING, "{0} is ignored: {1} is set, and wins as in Tinode", FILE, SERVERS);
            }
        } else if (haveFile) {
            servers = servers(TinodeConfig.lenientJson(read(file), FILE + " " + file), FILE + " " + file);
        }
        if (servers.isEmpty()) {
            throw new TinodeConfig.ConfigException("webrtc.enabled is true but no ICE server is configured: set "
                    + SERVERS + " or " + FILE);
        }
        return new WebRtcSettings(servers.toString(),
                Duration.ofSeconds(timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new TinodeConfig.ConfigException(FILE + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * ICE servers in the shape Go's {@code iceServer} struct gives clients: {@code username},
     * {@code credential}, {@code credential_type} when not empty, and {@code urls}, which
     * RTCPeerConnection needs, so an entry without them is refused here rather than in the browser.
     */
    private static JsonArray servers(JsonElement e, String where) {
        JsonArray out = new JsonArray();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!e.isJsonArray()) {
            throw new TinodeConfig.ConfigException(where + " must be an array of ICE servers");
        }
        int i = 0;
        for (JsonElement entry : e.getAsJsonArray()) {
            String at = where + "[" + i++ + "]";
            if (!entry.isJsonObject()) {
                throw new TinodeConfig.ConfigException(at + " must be an object with urls");
            }
            JsonObject in = entry.getAsJsonObject();
            JsonObject server = new JsonObject();
            for (String key : new String[] {"username", "credential", "credential_type"}) {
                JsonElement v = in.get(key);
                if (v == null || v.isJsonNull()) {
                    continue;
                }
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                    throw new TinodeConfig.ConfigException(at + "." + key + " must be a string");
                }
                if (!v.getAsString().isEmpty()) {
                    server.add(key, v);
                }
            }
            JsonElement urls = in.get("urls");
            if (urls == null || !urls.isJsonArray() || urls.getAsJsonArray().isEmpty()
                    || !urls.getAsJsonArray().asList().stream().allMatch(u -> u.isJsonPrimitive()
                            && u.getAsJsonPrimitive().isString() && !u.getAsString().isBlank())) {
                throw new TinodeConfig.ConfigException(at + ".urls must be a non-empty array of URLs such as "
                        + "\"stun:stun.example.org\"");
            }
            server.add("urls", urls);
            out.add(server);
        }
        return out;
    }
}
