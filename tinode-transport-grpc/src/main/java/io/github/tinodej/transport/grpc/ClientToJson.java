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
import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.ClientAcc;
import io.github.tinodej.transport.grpc.pbx.ClientCred;
import io.github.tinodej.transport.grpc.pbx.ClientDel;
import io.github.tinodej.transport.grpc.pbx.ClientExtra;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientNote;
import io.github.tinodej.transport.grpc.pbx.ClientPub;
import io.github.tinodej.transport.grpc.pbx.GetOpts;
import io.github.tinodej.transport.grpc.pbx.GetQuery;
import io.github.tinodej.transport.grpc.pbx.SeqRange;
import io.github.tinodej.transport.grpc.pbx.SetDesc;
import io.github.tinodej.transport.grpc.pbx.SetQuery;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@link ClientMsg} into the JSON text a WebSocket client would have sent, so that gRPC
 * requests take the engine's one parsing and dispatch path.
 *
 * <p>The result is what Tinode's server sees after {@code pbCliDeserialize} (server/pbconverter.go):
 * the JSON of its {@code ClientComMessage} with Go's field tags. Empty proto3 scalars are left out
 * where Go's tag says {@code omitempty} and written where it does not ({@code topic} of
 * pub/sub/leave/get/set/note, {@code what} of get/del/note), so the engine tells "absent" from
 * "empty" exactly as Tinode does. Bytes fields holding JSON (content, public, head values, ...) are
 * parsed and re-serialised: a value that is not JSON is dropped, as Go drops it, and can never
 * inject fields into the frame. Secrets become base64 like Go's {@code []byte}. Where Go's
 * converter drops a field the proto carries (get options {@code user}/{@code topic},
 * {@code set.aux}, millisecond part of {@code ims}) this one keeps it.
 *
 * <p>Stateless and thread-safe.
 */
final class ClientToJson {
    private ClientToJson() {
    }

    /** The JSON frame for {@code m}; {@code {}} when no message is set (the engine answers 400). */
    static String convert(ClientMsg m) {
        JsonObject root = new JsonObject();
        switch (m.getMessageCase()) {
            case HI -> root.add("hi", hi(m));
            case ACC -> root.add("acc", acc(m.getAcc()));
            case LOGIN -> {
                JsonObject o = new JsonObject();
                str(o, "id", m.getLogin().getId());
                str(o, "scheme", m.getLogin().getScheme());
                bytes64(o, "secret", m.getLogin().getSecret());
                creds(o, m.getLogin().getCredList());
                root.add("login", o);
            }
            case SUB -> {
                JsonObject o = new JsonObject();
                str(o, "id", m.getSub().getId());
                o.addProperty("topic", m.getSub().getTopic());
                if (m.getSub().hasSetQuery()) {
                    JsonObject set = new JsonObject();
                    setQuery(set, m.getSub().getSetQuery());
                    if (set.size() > 0) {
                        o.add("set", set);
                    }
                }
                if (m.getSub().hasGetQuery() && !m.getSub().getGetQuery().getWhat().isEmpty()) {
                    JsonObject get = new JsonObject();
                    getQuery(get, m.getSub().getGetQuery());
                    o.add("get", get);
                }
                root.add("sub", o);
            }
            case LEAVE -> {
                JsonObject o = new JsonObject();
                str(o, "id", m.getLeave().getId());
                o.addProperty("topic", m.getLeave().getTopic());
                bool(o, "unsub", m.getLeave().getUnsub());
                root.add("leave", o);
            }
            case PUB -> root.add("pub", pub(m.getPub()));
            case GET -> {
                JsonObject o = new JsonObject();
                str(o, "id", m.getGet().getId());
                o.addProperty("topic", m.getGet().getTopic());
                getQuery(o, m.getGet().getQuery());
                root.add("get", o);
            }
            case SET -> {
                JsonObject o = new JsonObject();
                str(o, "id", m.getSet().getId());
                o.addProperty("topic", m.getSet().getTopic());
                setQuery(o, m.getSet().getQuery());
                root.add("set", o);
            }
            case DEL -> root.add("del", del(m.getDel()));
            case NOTE -> root.add("note", note(m.getNote()));
            case MESSAGE_NOT_SET -> {
                // Nothing to dispatch: the engine's reply to an empty frame is the clear error.
            }
        }
        if (m.hasExtra() && root.size() > 0) {
            JsonObject extra = extra(m.getExtra());
            if (extra.size() > 0) {
                root.add("extra", extra);
            }
        }
        return root.toString();
    }

    private static JsonObject hi(ClientMsg m) {
        JsonObject o = new JsonObject();
        str(o, "id", m.getHi().getId());
        str(o, "ua", m.getHi().getUserAgent());
        str(o, "ver", m.getHi().getVer());
        str(o, "dev", m.getHi().getDeviceId());
        str(o, "lang", m.getHi().getLang());
        str(o, "platf", m.getHi().getPlatform());
        bool(o, "bkg", m.getHi().getBackground());
        return o;
    }

    private static JsonObject acc(ClientAcc a) {
        JsonObject o = new JsonObject();
        str(o, "id", a.getId());
        str(o, "user", a.getUserId());
        str(o, "tmpscheme", a.getTmpScheme());
        bytes64(o, "tmpsecret", a.getTmpSecret());
        str(o, "status", a.getState());
        str(o, "authlevel", level(a.getAuthLevel()));
        str(o, "scheme", a.getScheme());
        bytes64(o, "secret", a.getSecret());
        bool(o, "login", a.getLogin());
        strings(o, "tags", a.getTagsList());
        if (a.hasDesc()) {
            desc(o, a.getDesc());
        }
        creds(o, a.getCredList());
        return o;
    }

    private static JsonObject pub(ClientPub p) {
        JsonObject o = new JsonObject();
        str(o, "id", p.getId());
        o.addProperty("topic", p.getTopic());
        bool(o, "noecho", p.getNoEcho());
        jsonMap(o, "head", p.getHeadMap());
        json(o, "content", p.getContent());
        return o;
    }

    private static JsonObject del(ClientDel d) {
        JsonObject o = new JsonObject();
        str(o, "id", d.getId());
        str(o, "topic", d.getTopic());
        String what = switch (d.getWhat()) {
            case MSG -> "msg";
            case TOPIC -> "topic";
            case SUB -> "sub";
            case USER -> "user";
            case CRED -> "cred";
            default -> "";
        };
        o.addProperty("what", what);
        ranges(o, "delseq", d.getDelSeqList());
        str(o, "user", d.getUserId());
        if (d.hasCred()) {
            o.add("cred", cred(d.getCred()));
        }
        bool(o, "hard", d.getHard());
        return o;
    }

    private static JsonObject note(ClientNote n) {
        JsonObject o = new JsonObject();
        o.addProperty("topic", n.getTopic());
        o.addProperty("what", Enums.infoNote(n.getWhat()));
        num(o, "seq", n.getSeqId());
        num(o, "unread", n.getUnread());
        str(o, "event", Enums.callEvent(n.getEvent()));
        json(o, "payload", n.getPayload());
        return o;
    }

    private static JsonObject extra(ClientExtra e) {
        JsonObject o = new JsonObject();
        strings(o, "attachments", e.getAttachmentsList());
        str(o, "obo", e.getOnBehalfOf());
        str(o, "authlevel", level(e.getAuthLevel()));
        return o;
    }

    /** Go passes {@code AuthLevel.String()}; "NONE" parses as no level, the same as leaving it out. */
    private static String level(AuthLevel l) {
        return l == AuthLevel.NONE || l == AuthLevel.UNRECOGNIZED ? "" : l.name();
    }

    /** The fields of a get query, into {@code o} (flat in {get}, nested in sub.get). */
    private static void getQuery(JsonObject o, GetQuery q) {
        o.addProperty("what", q.getWhat());
        if (q.hasDesc()) {
            o.add("desc", getOpts(q.getDesc()));
        }
        if (q.hasSub()) {
            o.add("sub", getOpts(q.getSub()));
        }
        if (q.hasData()) {
            o.add("data", getOpts(q.getData()));
        }
    }

    private static JsonObject getOpts(GetOpts g) {
        JsonObject o = new JsonObject();
        str(o, "user", g.getUser());
        str(o, "topic", g.getTopic());
        if (g.getIfModifiedSince() > 0) {
            o.addProperty("ims", WireTime.format(Instant.ofEpochMilli(g.getIfModifiedSince())));
        }
        num(o, "since", g.getSinceId());
        num(o, "before", g.getBeforeId());
        num(o, "limit", g.getLimit());
        ranges(o, "ranges", g.getRangesList());
        return o;
    }

    /** The fields of a set query, into {@code o}; parts Go treats as absent when empty are left out. */
    private static void setQuery(JsonObject o, SetQuery q) {
        if (q.hasDesc()) {
            desc(o, q.getDesc());
        }
        if (q.hasSub() && !(q.getSub().getUserId().isEmpty() && q.getSub().getMode().isEmpty())) {
            JsonObject s = new JsonObject();
            str(s, "user", q.getSub().getUserId());
            str(s, "mode", q.getSub().getMode());
            o.add("sub", s);
        }
        strings(o, "tags", q.getTagsList());
        if (q.hasCred()) {
            o.add("cred", cred(q.getCred()));
        }
        jsonMap(o, "aux", q.getAuxMap());
    }

    /** {@code desc} of acc/set/sub.set, left out when it carries nothing (pbSetDescDeserialize). */
    private static void desc(JsonObject parent, SetDesc d) {
        JsonObject o = new JsonObject();
        if (d.hasDefaultAcs()) {
            JsonObject acs = new JsonObject();
            str(acs, "auth", d.getDefaultAcs().getAuth());
            str(acs, "anon", d.getDefaultAcs().getAnon());
            if (acs.size() > 0) {
                o.add("defacs", acs);
            }
        }
        json(o, "public", d.getPublic());
        json(o, "trusted", d.getTrusted());
        json(o, "private", d.getPrivate());
        if (o.size() > 0) {
            parent.add("desc", o);
        }
    }

    private static void creds(JsonObject o, List<ClientCred> creds) {
        if (!creds.isEmpty()) {
            JsonArray a = new JsonArray();
            creds.forEach(c -> a.add(cred(c)));
            o.add("cred", a);
        }
    }

    private static JsonObject cred(ClientCred c) {
        JsonObject o = new JsonObject();
        str(o, "meth", c.getMethod());
        str(o, "val", c.getValue());
        str(o, "resp", c.getResponse());
        jsonMap(o, "params", c.getParamsMap());
        return o;
    }

    private static void ranges(JsonObject o, String name, List<SeqRange> ranges) {
        if (!ranges.isEmpty()) {
            JsonArray a = new JsonArray();
            for (SeqRange r : ranges) {
                JsonObject e = new JsonObject();
                num(e, "low", r.getLow());
                num(e, "hi", r.getHi());
                a.add(e);
            }
            o.add(name, a);
        }
    }

    private static void bytes64(JsonObject o, String name, ByteString b) {
        if (!b.isEmpty()) {
            o.addProperty(name, Base64.getEncoder().encodeToString(b.toByteArray()));
        }
    }

    private static void strings(JsonObject o, String name, List<String> values) {
        if (!values.isEmpty()) {
            JsonArray a = new JsonArray();
            values.forEach(a::add);
            o.add(name, a);
        }
    }
}
