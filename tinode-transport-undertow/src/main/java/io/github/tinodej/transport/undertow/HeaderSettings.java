package io.github.tinodej.transport.undertow;

import java.time.Duration;

/**
 * The configurable HTTP response headers (Tinode's {@code x_frame_options}, {@code cache_control}
 * and the file handler's {@code cors_origins} and {@code cache_control}).
 *
 * @param cors who may use the file endpoints from another origin
 * @param frameOptions X-Frame-Options on static content, or null for none
 * @param staticMaxAge max-age of static content's Cache-Control, zero for none
 * @param fileCacheControl Cache-Control of downloaded files
 */
record HeaderSettings(Cors cors, String frameOptions, Duration staticMaxAge, String fileCacheControl) {
    /** This transport's defaults: every origin, SAMEORIGIN, no static caching, a day for files. */
    static final HeaderSettings DEFAULTS = new HeaderSettings(Cors.anyOrigin(), "SAMEORIGIN", Duration.ZERO,
            "max-age=86400");
}
