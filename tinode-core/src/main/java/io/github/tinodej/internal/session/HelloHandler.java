package io.github.tinodej.internal.session;

import com.google.gson.JsonObject;
import io.github.tinodej.server.Limits;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Device;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionKind;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {hi}}: version handshake, server parameters, device token updates ({@code session.hello} in Tinode). */
final class HelloHandler {
    /** Protocol version we speak. */
    static final String SERVER_VERSION = "0.25";
    private static final int MIN_MAJOR = 0;
    private static final int MIN_MINOR = 20;
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-+].*)?$");

    private HelloHandler() {
    }

    static void hello(Session s, ClientMessage.Hi hi, Instant now) {
        if (!s.hello) {
            first(s, hi, now);
        } else {
            again(s, hi, now);
        }
    }

    private static void first(Session s, ClientMessage.Hi hi, Instant now) {
        int[] v = parseVersion(hi.ver);
        if (v == null) {
            s.reply(hi.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        if (v[0] < MIN_MAJOR || v[0] == MIN_MAJOR && v[1] < MIN_MINOR) {
            s.reply(hi.id, null, null, Ctrl.VERSION_NOT_SUPPORTED, now);
            return;
        }
        s.hello = true;
        s.ver = hi.ver;
        s.verParsed = v;
        s.userAgent = nz(hi.ua);
        s.platform = platform(hi.platf, s.userAgent);
        s.lang = nz(hi.lang);
        if (hi.dev != null && !hi.dev.isEmpty() && !Tags.NULL_VALUE.equals(hi.dev)) {
            s.deviceId = hi.dev;
        }
        Ctrl status = s.kind() == SessionKind.LONG_POLL ? Ctrl.OK : Ctrl.CREATED;
        s.reply(hi.id, null, params(s), status, now);
    }

    /** A later {@code {hi}} may only change the device token and language. */
    private static void again(Session s, ClientMessage.Hi hi, Instant now) {
        // Versions compare as numbers (Go's parseVersion): "0.25" and "0.25.0" are the same.
        if (hi.ver != null && !hi.ver.isEmpty() && !java.util.Arrays.equals(parseVersion(hi.ver), s.verParsed)) {
            s.reply(hi.id, null, null, Ctrl.COMMAND_OUT_OF_SEQUENCE, now);
            return;
        }
        if (!s.isAuthenticated()) {
            s.reply(hi.id, null, null, Ctrl.AUTH_REQUIRED, now);
            return;
        }
        // Go takes the language as sent, absent included.
        s.lang = nz(hi.lang);
        boolean changed = false;
        if (hi.dev != null && !hi.dev.isEmpty()) {
            String old = s.deviceId;
            if (Tags.NULL_VALUE.equals(hi.dev)) {
                // A delete request counts as a device change (200) even with no device on file.
                changed = true;
                if (!old.isEmpty()) {
                    s.deviceId = "";
                    s.suspend();
                    s.services.pool().execute(() -> {
                        Ctrl result = Ctrl.OK;
                        try {
                            s.services.store().deleteDevice(s.uid(), old);
                        } catch (RuntimeException e) {
                            result = io.github.tinodej.internal.ErrorMap.toCtrl(e);
                        }
                        finish(s, hi, now, result);
                    });
                    return;
                }
            } else if (!hi.dev.equals(old)) {
                s.deviceId = hi.dev;
                changed = true;
                Device d = new Device(hi.dev, s.platform, now, s.lang);
                s.suspend();
                s.services.pool().execute(() -> {
                    Ctrl result = Ctrl.OK;
                    try {
                        if (!old.isEmpty()) {
                            // Go's Devices.Update: a rotated token replaces the session's previous one.
                            s.services.store().deleteDevice(s.uid(), old);
                        }
                        s.services.store().upsertDevice(s.uid(), d);
                        // Go: the new device joins the FCM topics of the user's channels.
                        s.services.push().channel(new io.github.tinodej.push.ChannelRequest(s.uid(), d.deviceId(), null, false));
                    } catch (RuntimeException e) {
                        result = io.github.tinodej.internal.ErrorMap.toCtrl(e);
                    }
                    finish(s, hi, now, result);
                });
                return;
            }
        }
        if (hi.dev == null || hi.dev.isEmpty()) {
            // Go keeps the device of the latest {hi}: none when it names none.
            s.deviceId = "";
        }
        Ctrl status = changed || s.kind() == SessionKind.LONG_POLL ? Ctrl.OK : Ctrl.CREATED;
        s.reply(hi.id, null, null, status, now);
    }

    private static void finish(Session s, ClientMessage.Hi hi, Instant now, Ctrl result) {
        s.execute(() -> {
            s.reply(hi.id, null, null, result, now);
            s.resume();
        });
    }

    private static JsonObject params(Session s) {
        Limits l = s.services.config().limits();
        JsonObject p = new JsonObject();
        p.addProperty("ver", SERVER_VERSION);
        p.addProperty("build", s.services.store().adapterName() + ":" + s.services.config().buildStamp());
        p.addProperty("maxMessageSize", l.maxMessageSize());
        p.addProperty("maxSubscriberCount", l.maxSubscriberCount());
        p.addProperty("minTagLength", Tags.MIN_LENGTH);
        p.addProperty("maxTagLength", Tags.MAX_LENGTH);
        p.addProperty("maxTagCount", l.maxTagCount());
        p.addProperty("maxFileUploadSize", s.services.config().media() == null ? 0 : l.maxFileUploadSize());
        // Present even when nothing is required: clients read it as null then.
        p.add("reqCred", s.services.creds().validators().reqCred());
        p.addProperty("msgDelAge", l.msgDeleteAge().toSeconds());
        if (s.services.config().iceServersJson() != null) {
            p.add("iceServers", com.google.gson.JsonParser.parseString(s.services.config().iceServersJson()));
            p.addProperty("callTimeout", s.services.config().callTimeout().toSeconds());
        }
        if (s.kind() == io.github.tinodej.transport.SessionKind.GRPC) {
            // As Tinode's session.go: gRPC clients are told the cluster's size (1 for a single node).
            p.addProperty("clusterSize", s.hub.clusterSize());
        }
        return p;
    }

    /** {@code major.minor[.patch]} (patch 0 when absent), optional leading v, suffixes ignored; null if unparsable. */
    static int[] parseVersion(String ver) {
        if (ver == null) {
            return null;
        }
        Matcher m = VERSION.matcher(ver.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Tinode derives the platform from the user agent when the client does not say. */
    static String platform(String platf, String ua) {
        if (platf != null && !platf.isEmpty()) {
            return platf.toLowerCase(Locale.ROOT);
        }
        String u = ua.toLowerCase(Locale.ROOT);
        if (u.contains("reactnative")) {
            if (u.contains("iphone") || u.contains("ipad")) {
                return "ios";
            }
            if (u.contains("android")) {
                return "android";
            }
        } else if (u.contains("tinodejs")) {
            return "web";
        } else if (u.contains("tindroid")) {
            return "android";
        } else if (u.contains("tinodios")) {
            return "ios";
        }
        return "";
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }
}
