package io.github.tinodej.examples;

import io.github.tinodej.transport.undertow.UndertowTransport;
import java.time.Duration;
import java.util.List;

/**
 * Tinode's response-header keys: {@code x_frame_options} and {@code cache_control} (static
 * content) and the file handler's {@code media.handlers.fs.cors_origins} and
 * {@code media.handlers.fs.cache_control} (uploads and downloads). Defaults as in Tinode: frames
 * from the same origin only, no Cache-Control on static content, no cross-origin file access,
 * files cached for a day.
 */
final class HttpHeaderSettings {
    private static final System.Logger LOG = System.getLogger(HttpHeaderSettings.class.getName());

    private HttpHeaderSettings() {
    }

    /**
     * Applies the keys to the transport.
     *
     * @throws TinodeConfig.ConfigException for a malformed origin list or a negative max age (Tinode does not start either)
     */
    static void apply(TinodeConfig cfg, UndertowTransport.Builder http) {
        String frames = cfg.string("x_frame_options");
        if (frames == null || frames.isEmpty()) {
            frames = "SAMEORIGIN";
        } else if (!List.of("SAMEORIGIN", "DENY", "-").contains(frames)) {
            // Tinode's reaction to a value it does not know: a warning, then its default.
            LOG.log(System.Logger.Level.WARNING, "config: ignored invalid x_frame_options ''{0}''; using SAMEORIGIN", frames);
            frames = "SAMEORIGIN";
        }
        http.xFrameOptions(frames);
        long maxAge = cfg.number("cache_control", 0);
        if (maxAge < 0) {
            throw new TinodeConfig.ConfigException("cache_control must be a number of seconds, not " + maxAge);
        }
        http.staticMaxAge(Duration.ofSeconds(maxAge));
        List<String> origins = cfg.strings("media.handlers.fs.cors_origins");
        try {
            http.corsOrigins(origins == null ? List.of() : origins);
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException("media.handlers.fs.cors_origins: " + e.getMessage());
        }
        String files = cfg.string("media.handlers.fs.cache_control");
        if (files != null && !files.isEmpty()) {
            try {
                http.fileCacheControl(files);
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException("media.handlers.fs.cache_control: " + e.getMessage());
            }
        }
    }
}
