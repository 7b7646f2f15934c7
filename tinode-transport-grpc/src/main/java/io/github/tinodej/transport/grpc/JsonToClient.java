package io.github.tinodej.transport.grpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.ClientAcc;
import io.github.tinodej.transport.grpc.pbx.ClientCred;
import io.github.tinodej.transport.grpc.pbx.ClientDel;
import io.github.tinodej.transport.grpc.pbx.ClientExtra;
import io.github.tinodej.transport.grpc.pbx.ClientGet;
import io.github.tinodej.transport.grpc.pbx.ClientHi;
import io.github.tinodej.transport.grpc.pbx.ClientLeave;
import io.github.tinodej.transport.grpc.pbx.ClientLogin;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientNote;
import io.github.tinodej.transport.grpc.pbx.ClientPub;
import io.github.tinodej.transport.grpc.pbx.ClientSet;
import io.github.tinodej.transport.grpc.pbx.ClientSub;
import io.github.tinodej.transport.grpc.pbx.DefaultAcsMode;
import io.github.tinodej.transport.grpc.pbx.GetOpts;
import io.github.tinodej.transport.grpc.pbx.GetQuery;
import io.github.tinodej.transport.grpc.pbx.SeqRange;
import io.github.tinodej.transport.grpc.pbx.SetDesc;
import io.github.tinodej.transport.grpc.pbx.SetQuery;
import io.github.tinodej.transport.grpc.pbx.SetSub;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns a client JSON frame into a {@link ClientMsg}, field for field as Tinode's
 * {@code pbCliSerialize} (server/pbconverter.go) does before it hands a message to a plugin: the
 * reverse of {@link ClientToJson}. JSON values ({@code content}, {@code public}, head values, ...)
 * become JSON bytes, secrets (base64 in JSON, {@code []byte} in Go) become their raw bytes, and
 * {@code ims} becomes milliseconds since the epoch. Like Go, it keeps the get options Tinode keeps
 * ({@code ims}, {@code user}, {@code topic}, {@code limit} of desc/sub; {@code since},
 * {@code before}, {@code limit}, {@code ranges} of data); unlike Go it also carries {@code set.aux}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonToClient {
    private JsonToClient() {
    }

    /**
     * The message for {@code frame}; null when it holds no client message Tinode's converter knows
     * (Go's {@code pbCliSerialize} returns nil then and the plugins are skipped).
     *
     * @throws com.google.gson.JsonParseException for text that is not a JSON object
     */
    static ClientMsg convert(String frame) {
        JsonObject root = JsonParser.parseString(frame).getAsJsonObject();
        ClientMsg.Builder b = ClientMsg.newBuilder();
        if (root.get("hi") instanceof JsonObject o) {
            b.setHi(ClientHi.newBuilder().setId(str(o, "id")).setUserAgent(str(o, "ua")).setVer(str(o, "ver"))
                    .setDeviceId(str(o, "dev")).setPlatform(str(o, "platf")).setLang(str(o, "lang"))
                    .setBackground(bool(o, "bkg")));
        } else if (root.get("acc") instanceof JsonObject o) {
            b.setAcc(acc(o));
        } else if (root.get("login") instanceof JsonObject o) {
            ClientLogin.Builder l = ClientLogin.newBuilder().setId(str(o, "id")).setScheme(str(o, "scheme"))
                    .setSecret(base64(o, "secret"));
            creds(o, l::addCred);
            b.setLogin(l);
        } else if (root.get("sub") instanceof JsonObject o) {
            ClientSub.Builder s = ClientSub.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic"));
            if (o.get("set") instanceof JsonObject set) {
                s.setSetQuery(setQuery(set));
            }
            if (o.get("get") instanceof JsonObject get) {
                s.setGetQuery(getQuery(get));
            }
            b.setSub(s);
        } else if (root.get("leave") instanceof JsonObject o) {
            b.setLeave(ClientLeave.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic"))
                    .setUnsub(bool(o, "unsub")));
        } else if (root.get("pub") instanceof JsonObject o) {
            ClientPub.Builder p = ClientPub.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic"))
                    .setNoEcho(bool(o, "noecho")).setContent(Json.bytes(o.get("content")));
            jsonMap(o, "head", p::putHead);
            b.setPub(p);
        } else if (root.get("get") instanceof JsonObject o) {
            b.setGet(ClientGet.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic")).setQuery(getQuery(o)));
        } else if (root.get("set") instanceof JsonObject o) {
            b.setSet(ClientSet.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic")).setQuery(setQuery(o)));
        } else if (root.get("del") instanceof JsonObject o) {
            b.setDel(del(o));
        } else if (root.get("note") instanceof JsonObject o) {
            b.setNote(ClientNote.newBuilder().setTopic(str(o, "topic")).setWhat(Enums.infoNote(str(o, "what")))
                    .setSeqId(num(o, "seq")).setUnread(num(o, "unread"))
                    .setEvent(Enums.callEvent(str(o, "event"))).setPayload(Json.bytes(o.get("payload"))));
        } else {
            return null;
        }
        if (root.get("extra") instanceof JsonObject e) {
            ClientExtra.Builder x = ClientExtra.newBuilder().setOnBehalfOf(str(e, "obo"))
                    .setAuthLevel(level(str(e, "authlevel")));
            strings(e, "attachments", x::addAttachments);
            b.setExtra(x);
        }
        return b.build();
    }

    private static ClientAcc acc(JsonObject o) {
        ClientAcc.Builder a = ClientAcc.newBuilder().setId(str(o, "id")).setUserId(str(o, "user"))
                .setState(str(o, "status")).setTmpScheme(str(o, "tmpscheme")).setTmpSecret(base64(o, "tmpsecret"))
                .setAuthLevel(level(str(o, "authlevel"))).setScheme(str(o, "scheme")).setSecret(base64(o, "secret"))
                .setLogin(bool(o, "login"));
        strings(o, "tags", a::addTags);
        creds(o, a::addCred);
        if (o.get("desc") instanceof JsonObject d) {
            SetDesc desc = desc(d);
            if (desc != null) {
                a.setDesc(desc);
            }
        }
        return a.build();
    }

    private static ClientDel del(JsonObject o) {
        ClientDel.What what = switch (str(o, "what")) {
            case "msg" -> ClientDel.What.MSG;
            case "topic" -> ClientDel.What.TOPIC;
            case "sub" -> ClientDel.What.SUB;
            case "user" -> ClientDel.What.USER;
            case "cred" -> ClientDel.What.CRED;
            default -> ClientDel.What.X0;
        };
        ClientDel.Builder d = ClientDel.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic")).setWhat(what)
                .setUserId(str(o, "user")).setHard(bool(o, "hard"));
        ranges(o, "delseq", d::addDelSeq);
        if (o.get("cred") instanceof JsonObject c) {
            d.setCred(cred(c));
        }
        return d.build();
    }

    /** Go maps "ROOT" to NONE here: a plugin never sees a root level asked for in a message. */
    private static AuthLevel level(String s) {
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "ANON" -> AuthLevel.ANON;
            case "AUTH" -> AuthLevel.AUTH;
            default -> AuthLevel.NONE;
        };
    }

    private static GetQuery getQuery(JsonObject o) {
        GetQuery.Builder q = GetQuery.newBuilder().setWhat(str(o, "what"));
        if (o.get("desc") instanceof JsonObject d) {
            q.setDesc(descOpts(d));
        }
        if (o.get("sub") instanceof JsonObject s) {
            q.setSub(descOpts(s));
        }
        if (o.get("data") instanceof JsonObject d) {
            GetOpts.Builder g = GetOpts.newBuilder().setBeforeId(num(d, "before")).setSinceId(num(d, "since"))
                    .setLimit(num(d, "limit"));
            ranges(d, "ranges", g::addRanges);
            q.setData(g);
        }
        return q.build();
    }

    private static GetOpts descOpts(JsonObject o) {
        GetOpts.Builder g = GetOpts.newBuilder().setUser(str(o, "user")).setTopic(str(o, "topic"))
                .setLimit(num(o, "limit"));
        String ims = str(o, "ims");
        if (!ims.isEmpty()) {
            g.setIfModifiedSince(WireTime.parse(ims).toEpochMilli());
        }
        return g.build();
    }

    private static SetQuery setQuery(JsonObject o) {
        SetQuery.Builder q = SetQuery.newBuilder();
        if (o.get("desc") instanceof JsonObject d) {
            SetDesc desc = desc(d);
            if (desc != null) {
                q.setDesc(desc);
            }
        }
        if (o.get("sub") instanceof JsonObject s) {
            q.setSub(SetSub.newBuilder().setUserId(str(s, "user")).setMode(str(s, "mode")));
        }
        strings(o, "tags", q::addTags);
        if (o.get("cred") instanceof JsonObject c) {
            q.setCred(cred(c));
        }
        jsonMap(o, "aux", q::putAux);
        return q.build();
    }

    /** Null when the desc carries nothing, as {@code pbSetDescSerialize} returns nil. */
    private static SetDesc desc(JsonObject o) {
        SetDesc.Builder d = SetDesc.newBuilder();
        boolean any = false;
        if (o.get("defacs") instanceof JsonObject acs) {
            d.setDefaultAcs(DefaultAcsMode.newBuilder().setAuth(str(acs, "auth")).setAnon(str(acs, "anon")));
            any = true;
        }
        for (String name : new String[] {"public", "trusted", "private"}) {
            JsonElement v = o.get(name);
            if (v != null && !v.isJsonNull()) {
                any = true;
                ByteString bytes = Json.bytes(v);
                switch (name) {
                    case "public" -> d.setPublic(bytes);
                    case "trusted" -> d.setTrusted(bytes);
                    default -> d.setPrivate(bytes);
                }
            }
        }
        return any ? d.build() : null;
    }

    private static void creds(JsonObject o, Consumer<ClientCred> add) {
        if (o.get("cred") instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e instanceof JsonObject c) {
                    add.accept(cred(c));
                }
            }
        }
    }

    private static ClientCred cred(JsonObject o) {
        ClientCred.Builder c = ClientCred.newBuilder().setMethod(str(o, "meth")).setValue(str(o, "val"))
                .setResponse(str(o, "resp"));
        jsonMap(o, "params", c::putParams);
        return c.build();
    }

    private static void ranges(JsonObject o, String name, Consumer<SeqRange> add) {
        if (o.get(name) instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e instanceof JsonObject r) {
                    add.accept(SeqRange.newBuilder().setLow(num(r, "low")).setHi(num(r, "hi")).build());
                }
            }
        }
    }

    private static void jsonMap(JsonObject o, String name, BiConsumer<String, ByteString> put) {
        if (o.get(name) instanceof JsonObject m) {
            for (Map.Entry<String, JsonElement> e : m.entrySet()) {
                if (!e.getValue().isJsonNull()) {
                    put.accept(e.getKey(), Json.bytes(e.getValue()));
                }
            }
        }
    }

    private static void strings(JsonObject o, String name, Consumer<String> add) {
        if (o.get(name) instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e.isJsonPrimitive()) {
                    add.accept(e.getAsString());
                }
            }
        }
    }

    /** A base64 string as its bytes; text that is not base64 is dropped, as Go's decoder rejects it. */
    private static ByteString base64(JsonObject o, String name) {
        String s = str(o, name);
        if (s.isEmpty()) {
            return ByteString.EMPTY;
        }
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            return ByteString.EMPTY;
        }
    }

    private static String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || !e.isJsonPrimitive() ? "" : e.getAsString();
    }

    private static int num(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() ? 0 : e.getAsInt();
    }

    private static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }
}
