package io.github.tinodej.transport.grpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.transport.grpc.pbx.AccessMode;
import io.github.tinodej.transport.grpc.pbx.DefaultAcsMode;
import io.github.tinodej.transport.grpc.pbx.DelValues;
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
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns one server JSON frame, as the engine writes it for WebSocket clients, into a
 * {@link ServerMsg}, field for field as Tinode's {@code pbServSerialize} (server/pbconverter.go):
 * timestamps become milliseconds since the epoch, {@code public}/{@code private}/{@code trusted},
 * {@code content}, {@code payload} and the values of {@code head}, {@code params} and {@code aux}
 * become JSON bytes, access modes stay strings, {@code pres.what}, {@code info.what} and
 * {@code info.event} become enums. What the proto has no field for ({@code ts} of ctrl and meta,
 * {@code acs.mode}, {@code subcnt}) is not carried, as in Tinode. Beyond Tinode's converter,
 * {@code cred.done} is filled in.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonToServer {
    private JsonToServer() {
    }

    /** The message for {@code frame}; null for a frame that is not a server message (the probe reply "0"). */
    static ServerMsg convert(String frame) {
        if (frame.isEmpty() || frame.charAt(0) != '{') {
            return null;
        }
        JsonObject root = JsonParser.parseString(frame).getAsJsonObject();
        ServerMsg.Builder b = ServerMsg.newBuilder();
        if (root.get("ctrl") instanceof JsonObject o) {
            b.setCtrl(ctrl(o));
        } else if (root.get("data") instanceof JsonObject o) {
            b.setData(data(o));
        } else if (root.get("pres") instanceof JsonObject o) {
            b.setPres(pres(o));
        } else if (root.get("info") instanceof JsonObject o) {
            b.setInfo(info(o));
        } else if (root.get("meta") instanceof JsonObject o) {
            b.setMeta(meta(o));
        } else {
            return null;
        }
        return b.build();
    }

    private static ServerCtrl ctrl(JsonObject o) {
        ServerCtrl.Builder b = ServerCtrl.newBuilder()
                .setId(str(o, "id")).setTopic(str(o, "topic"))
                .setCode(num(o, "code")).setText(str(o, "text"));
        jsonMap(o, "params", b::putParams);
        return b.build();
    }

    private static ServerData data(JsonObject o) {
        ServerData.Builder b = ServerData.newBuilder()
                .setTopic(str(o, "topic")).setFromUserId(str(o, "from"))
                .setTimestamp(millis(o, "ts")).setDeletedAt(millis(o, "deleted"))
                .setSeqId(num(o, "seq")).setContent(Json.bytes(o.get("content")));
        jsonMap(o, "head", b::putHead);
        return b.build();
    }

    private static ServerPres pres(JsonObject o) {
        ServerPres.Builder b = ServerPres.newBuilder()
                .setTopic(str(o, "topic")).setSrc(str(o, "src"))
                .setWhat(Enums.presWhat(str(o, "what"))).setUserAgent(str(o, "ua"))
                .setSeqId(num(o, "seq")).setDelId(num(o, "clear"))
                .setTargetUserId(str(o, "tgt")).setActorUserId(str(o, "act"));
        ranges(o, "delseq", b::addDelSeq);
        if (o.get("dacs") instanceof JsonObject acs) {
            b.setAcs(access(acs));
        }
        return b.build();
    }

    private static ServerInfo info(JsonObject o) {
        return ServerInfo.newBuilder()
                .setTopic(str(o, "topic")).setFromUserId(str(o, "from")).setSrc(str(o, "src"))
                .setWhat(Enums.infoNote(str(o, "what"))).setSeqId(num(o, "seq"))
                .setEvent(Enums.callEvent(str(o, "event")))
                .setPayload(Json.bytes(o.get("payload")))
                .build();
    }

    private static ServerMeta meta(JsonObject o) {
        ServerMeta.Builder b = ServerMeta.newBuilder().setId(str(o, "id")).setTopic(str(o, "topic"));
        if (o.get("desc") instanceof JsonObject d) {
            b.setDesc(desc(d));
        }
        if (o.get("sub") instanceof JsonArray subs) {
            for (JsonElement s : subs) {
                if (s instanceof JsonObject so) {
                    b.addSub(sub(so));
                }
            }
        }
        if (o.get("del") instanceof JsonObject d) {
            DelValues.Builder dv = DelValues.newBuilder().setDelId(num(d, "clear"));
            ranges(d, "delseq", dv::addDelSeq);
            b.setDel(dv);
        }
        if (o.get("tags") instanceof JsonArray tags) {
            tags.forEach(t -> b.addTags(t.getAsString()));
        }
        if (o.get("cred") instanceof JsonArray creds) {
            for (JsonElement c : creds) {
                if (c instanceof JsonObject co) {
                    b.addCred(ServerCred.newBuilder().setMethod(str(co, "meth")).setValue(str(co, "val"))
                            .setDone(co.get("done") != null && co.get("done").getAsBoolean()));
                }
            }
        }
        jsonMap(o, "aux", b::putAux);
        return b.build();
    }

    private static TopicDesc desc(JsonObject o) {
        TopicDesc.Builder b = TopicDesc.newBuilder()
                .setCreatedAt(millis(o, "created")).setUpdatedAt(millis(o, "updated"))
                .setTouchedAt(millis(o, "touched")).setState(str(o, "state"))
                .setOnline(bool(o, "online")).setIsChan(bool(o, "chan"))
                .setSeqId(num(o, "seq")).setReadId(num(o, "read")).setRecvId(num(o, "recv"))
                .setDelId(num(o, "clear"))
                .setPublic(Json.bytes(o.get("public"))).setTrusted(Json.bytes(o.get("trusted")))
                .setPrivate(Json.bytes(o.get("private")));
        if (o.get("defacs") instanceof JsonObject d) {
            b.setDefacs(DefaultAcsMode.newBuilder().setAuth(str(d, "auth")).setAnon(str(d, "anon")));
        }
        if (o.get("acs") instanceof JsonObject a) {
            b.setAcs(access(a));
        }
        if (o.get("seen") instanceof JsonObject s) {
            b.setLastSeenTime(millis(s, "when")).setLastSeenUserAgent(str(s, "ua"));
        }
        return b.build();
    }

    private static TopicSub sub(JsonObject o) {
        TopicSub.Builder b = TopicSub.newBuilder()
                .setUpdatedAt(millis(o, "updated")).setDeletedAt(millis(o, "deleted"))
                .setOnline(bool(o, "online"))
                .setReadId(num(o, "read")).setRecvId(num(o, "recv"))
                .setPublic(Json.bytes(o.get("public"))).setTrusted(Json.bytes(o.get("trusted")))
                .setPrivate(Json.bytes(o.get("private")))
                .setUserId(str(o, "user")).setTopic(str(o, "topic"))
                .setTouchedAt(millis(o, "touched")).setSeqId(num(o, "seq")).setDelId(num(o, "clear"));
        // Go always sets acs for a subscription, empty modes included.
        b.setAcs(o.get("acs") instanceof JsonObject a ? access(a) : AccessMode.getDefaultInstance());
        if (o.get("seen") instanceof JsonObject s) {
            b.setLastSeenTime(millis(s, "when")).setLastSeenUserAgent(str(s, "ua"));
        }
        return b.build();
    }

    private static AccessMode access(JsonObject o) {
        return AccessMode.newBuilder().setWant(str(o, "want")).setGiven(str(o, "given")).build();
    }

    private static void ranges(JsonObject o, String name, java.util.function.Consumer<SeqRange> add) {
        if (o.get(name) instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e instanceof JsonObject r) {
                    add.accept(SeqRange.newBuilder().setLow(num(r, "low")).setHi(num(r, "hi")).build());
                }
            }
        }
    }

    /** Each non-null value of a JSON object member as JSON bytes (Go's interfaceMapToByteMap). */
    private static void jsonMap(JsonObject o, String name, BiConsumer<String, ByteString> put) {
        if (o.get(name) instanceof JsonObject m) {
            for (Map.Entry<String, JsonElement> e : m.entrySet()) {
                if (!e.getValue().isJsonNull()) {
                    put.accept(e.getKey(), Json.bytes(e.getValue()));
                }
            }
        }
    }

    private static long millis(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            return 0;
        }
        return WireTime.parse(e.getAsString()).toEpochMilli();
    }

    private static String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static int num(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? 0 : e.getAsInt();
    }

    private static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }
}
