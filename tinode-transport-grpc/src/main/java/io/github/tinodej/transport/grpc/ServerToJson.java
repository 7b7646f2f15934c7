package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.Json.jsonMap;
import static io.github.tinodej.transport.grpc.Json.json;
import static io.github.tinodej.transport.grpc.Json.str;
import static io.github.tinodej.transport.grpc.Json.num;
import static io.github.tinodej.transport.grpc.Json.bool;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.transport.grpc.pbx.AccessMode;
import io.github.tinodej.transport.grpc.pbx.SeqRange;
import io.github.tinodej.transport.grpc.pbx.ServerCred;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.github.tinodej.transport.grpc.pbx.ServerData;
import io.github.tinodej.transport.grpc.pbx.ServerInfo;
import io.github.tinodej.transport.grpc.pbx.ServerMeta;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerPres;
import io.github.tinodej.transport.grpc.pbx.TopicDesc;
import io.github.tinodej.transport.grpc.pbx.TopicSub;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link ServerMsg} a plugin answered with into the server JSON frame a WebSocket client
 * gets, as Tinode's {@code pbServDeserialize} (server/pbconverter.go) does: the reverse of
 * {@link JsonToServer}. Milliseconds become protocol timestamps, JSON bytes become JSON values
 * (bytes that are not JSON are dropped), enums become their strings, and empty fields are left out
 * as Go's {@code omitempty} leaves them out.
 *
 * <p>Stateless and thread-safe.
 */
final class ServerToJson {
    private ServerToJson() {
    }

    /** The frame for {@code m}; null when no message is set. */
    static String convert(ServerMsg m) {
        JsonObject root = new JsonObject();
        switch (m.getMessageCase()) {
            case CTRL -> root.add("ctrl", ctrl(m.getCtrl()));
            case DATA -> root.add("data", data(m.getData()));
            case PRES -> root.add("pres", pres(m.getPres()));
            case INFO -> root.add("info", info(m.getInfo()));
            case META -> root.add("meta", meta(m.getMeta()));
            default -> {
                return null;
            }
        }
        return root.toString();
    }

    private static JsonObject ctrl(ServerCtrl c) {
        JsonObject o = new JsonObject();
        str(o, "id", c.getId());
        str(o, "topic", c.getTopic());
        o.addProperty("code", c.getCode());
        str(o, "text", c.getText());
        jsonMap(o, "params", c.getParamsMap());
        // Go leaves ts zero here; the protocol always carries one, so the client gets "now".
        o.addProperty("ts", WireTime.format(Instant.now()));
        return o;
    }

    private static JsonObject data(ServerData d) {
        JsonObject o = new JsonObject();
        o.addProperty("topic", d.getTopic());
        str(o, "from", d.getFromUserId());
        o.addProperty("ts", WireTime.format(Instant.ofEpochMilli(d.getTimestamp())));
        time(o, "deleted", d.getDeletedAt());
        o.addProperty("seq", d.getSeqId());
        jsonMap(o, "head", d.getHeadMap());
        json(o, "content", d.getContent());
        return o;
    }

    private static JsonObject pres(ServerPres p) {
        JsonObject o = new JsonObject();
        o.addProperty("topic", p.getTopic());
        str(o, "src", p.getSrc());
        String what = switch (p.getWhat()) {
            case X3, UNRECOGNIZED -> "";
            default -> p.getWhat().name().toLowerCase(Locale.ROOT);
        };
        o.addProperty("what", what);
        str(o, "ua", p.getUserAgent());
        num(o, "seq", p.getSeqId());
        num(o, "clear", p.getDelId());
        ranges(o, "delseq", p.getDelSeqList());
        str(o, "tgt", p.getTargetUserId());
        str(o, "act", p.getActorUserId());
        if (p.hasAcs()) {
            o.add("dacs", access(p.getAcs()));
        }
        return o;
    }

    private static JsonObject info(ServerInfo i) {
        JsonObject o = new JsonObject();
        o.addProperty("topic", i.getTopic());
        str(o, "src", i.getSrc());
        o.addProperty("from", i.getFromUserId());
        o.addProperty("what", Enums.infoNote(i.getWhat()));
        num(o, "seq", i.getSeqId());
        str(o, "event", Enums.callEvent(i.getEvent()));
        json(o, "payload", i.getPayload());
        return o;
    }

    private static JsonObject meta(ServerMeta m) {
        JsonObject o = new JsonObject();
        str(o, "id", m.getId());
        o.addProperty("topic", m.getTopic());
        if (m.hasDesc()) {
            o.add("desc", desc(m.getDesc()));
        }
        if (m.getSubCount() > 0) {
            JsonArray subs = new JsonArray();
            m.getSubList().forEach(s -> subs.add(sub(s)));
            o.add("sub", subs);
        }
        if (m.hasDel()) {
            JsonObject del = new JsonObject();
            del.addProperty("clear", m.getDel().getDelId());
            ranges(del, "delseq", m.getDel().getDelSeqList());
            o.add("del", del);
        }
        if (m.getTagsCount() > 0) {
            JsonArray tags = new JsonArray();
            m.getTagsList().forEach(tags::add);
            o.add("tags", tags);
        }
        if (m.getCredCount() > 0) {
            JsonArray creds = new JsonArray();
            for (ServerCred c : m.getCredList()) {
                JsonObject co = new JsonObject();
                co.addProperty("meth", c.getMethod());
                co.addProperty("val", c.getValue());
                if (c.getDone()) {
                    co.addProperty("done", true);
                }
                creds.add(co);
            }
            o.add("cred", creds);
        }
        jsonMap(o, "aux", m.getAuxMap());
        o.addProperty("ts", WireTime.format(Instant.now()));
        return o;
    }

    private static JsonObject desc(TopicDesc d) {
        JsonObject o = new JsonObject();
        time(o, "created", d.getCreatedAt());
        time(o, "updated", d.getUpdatedAt());
        time(o, "touched", d.getTouchedAt());
        str(o, "state", d.getState());
        bool(o, "online", d.getOnline());
        bool(o, "chan", d.getIsChan());
        if (d.hasDefacs()) {
            JsonObject acs = new JsonObject();
            str(acs, "auth", d.getDefacs().getAuth());
            str(acs, "anon", d.getDefacs().getAnon());
            o.add("defacs", acs);
        }
        if (d.hasAcs()) {
            o.add("acs", access(d.getAcs()));
        }
        num(o, "seq", d.getSeqId());
        num(o, "read", d.getReadId());
        num(o, "recv", d.getRecvId());
        num(o, "clear", d.getDelId());
        json(o, "public", d.getPublic());
        json(o, "trusted", d.getTrusted());
        json(o, "private", d.getPrivate());
        seen(o, d.getLastSeenTime(), d.getLastSeenUserAgent());
        return o;
    }

    private static JsonObject sub(TopicSub s) {
        JsonObject o = new JsonObject();
        time(o, "updated", s.getUpdatedAt());
        time(o, "deleted", s.getDeletedAt());
        bool(o, "online", s.getOnline());
        if (s.hasAcs()) {
            o.add("acs", access(s.getAcs()));
        }
        num(o, "read", s.getReadId());
        num(o, "recv", s.getRecvId());
        json(o, "public", s.getPublic());
        json(o, "trusted", s.getTrusted());
        json(o, "private", s.getPrivate());
        str(o, "user", s.getUserId());
        str(o, "topic", s.getTopic());
        time(o, "touched", s.getTouchedAt());
        num(o, "seq", s.getSeqId());
        num(o, "clear", s.getDelId());
        seen(o, s.getLastSeenTime(), s.getLastSeenUserAgent());
        return o;
    }

    private static void seen(JsonObject o, long when, String ua) {
        if (when > 0) {
            JsonObject seen = new JsonObject();
            seen.addProperty("when", WireTime.format(Instant.ofEpochMilli(when)));
            str(seen, "ua", ua);
            o.add("seen", seen);
        }
    }

    private static JsonObject access(AccessMode a) {
        JsonObject o = new JsonObject();
        str(o, "want", a.getWant());
        str(o, "given", a.getGiven());
        return o;
    }

    private static void ranges(JsonObject o, String name, List<SeqRange> ranges) {
        if (!ranges.isEmpty()) {
            JsonArray a = new JsonArray();
            for (SeqRange r : ranges) {
                JsonObject e = new JsonObject();
                e.addProperty("low", r.getLow());
                num(e, "hi", r.getHi());
                a.add(e);
            }
            o.add(name, a);
        }
    }

    private static void time(JsonObject o, String name, long millis) {
        if (millis > 0) {
            o.addProperty(name, WireTime.format(Instant.ofEpochMilli(millis)));
        }
    }
}
