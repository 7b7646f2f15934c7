package io.github.tinodej.examples;

import io.github.tinodej.auth.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the launcher says when it is up: its version, the store, and the addresses a person or a
 * client should use, with an API key valid for the configured salt. Nothing secret is printed: API
 * keys only identify an application (Tinode prints them too), and database passwords are cut out.
 */
final class Banner {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//)[^/@]+@");

    private Banner() {
    }

    /** The launcher's version from its jar, or "development build" when run from classes. */
    static String version() {
        String v = Banner.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** A JDBC URL without the credentials it may carry. */
    static String withoutSecrets(String jdbcUrl) {
        String u = URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
        return URL_USER_INFO.matcher(u).replaceAll("$1***@");
    }

    /**
     * The banner lines.
     *
     * @param host the listen host as configured ({@code 0.0.0.0} for every interface)
     * @param salt the configured {@code api_key_salt}, or null for Tinode's stock one
     * @param webapp whether TinodeWeb (or other static files) is served at {@code /}
     */
    static List<String> lines(String storeUrl, String host, int port, byte[] salt, boolean webapp) {
        // TinodeWeb takes "localhost" to mean port 6060 whatever the page's port, so another port
        // is shown with the loopback address instead.
        String shown = host.equals("0.0.0.0") || host.equals("::") ? (port == 6060 ? "localhost" : "127.0.0.1")
                : host.contains(":") ? "[" + host + "]" : host;
        String key = salt == null ? ApiKeys.DEMO_KEY : ApiKeys.generate(0, 1, false, salt);
        List<String> out = new ArrayList<>();
        out.add("tinodej " + version() + " (Tinode protocol 0.25), Java " + Runtime.version().feature());
        out.add("store: " + withoutSecrets(storeUrl));
        if (webapp) {
            out.add("TinodeWeb: http://" + shown + ":" + port + "/");
        }
        out.add("WebSocket: ws://" + shown + ":" + port + "/v0/channels?apikey=" + key);
        out.add("long polling: http://" + shown + ":" + port + "/v0/channels/lp?apikey=" + key);
        return out;
    }
}
