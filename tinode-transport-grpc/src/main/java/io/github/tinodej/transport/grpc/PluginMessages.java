package io.github.tinodej.transport.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.github.tinodej.plugin.AccountEvent;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.PluginSession;
import io.github.tinodej.plugin.SubscriptionEvent;
import io.github.tinodej.plugin.TopicEvent;
import io.github.tinodej.transport.grpc.pbx.AccessMode;
import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.Crud;
import io.github.tinodej.transport.grpc.pbx.DefaultAcsMode;
import io.github.tinodej.transport.grpc.pbx.ServerData;
import io.github.tinodej.transport.grpc.pbx.Session;
import io.github.tinodej.transport.grpc.pbx.TopicDesc;
import java.util.Map;

/**
 * The proto messages a {@link GrpcPlugin} sends, built from the engine's plugin records as Tinode's
 * server/plugins.go builds them ({@code pluginGenerateClientReq}, {@code pluginAccount},
 * {@code pluginTopic}, {@code pluginSubscription}, {@code pluginMessage}). Stateless.
 */
final class PluginMessages {
    private PluginMessages() {
    }

    static Session session(PluginSession s) {
        return Session.newBuilder().setSessionId(nz(s.sessionId())).setUserId(nz(s.userId()))
                .setAuthLevel(level(s.authLevel())).setUserAgent(nz(s.userAgent()))
                .setRemoteAddr(nz(s.remoteAddr())).setDeviceId(nz(s.deviceId())).setLanguage(nz(s.language()))
                .build();
    }

    static io.github.tinodej.transport.grpc.pbx.AccountEvent account(AccountEvent e) {
        return io.github.tinodej.transport.grpc.pbx.AccountEvent.newBuilder()
                .setAction(crud(e.action())).setUserId(e.userId())
                .setDefaultAcs(DefaultAcsMode.newBuilder().setAuth(nz(e.defaultAuth())).setAnon(nz(e.defaultAnon())))
                .setPublic(json(e.publicJson())).addAllTags(e.tags())
                .build();
    }

    static io.github.tinodej.transport.grpc.pbx.TopicEvent topic(TopicEvent e) {
        TopicDesc.Builder d = TopicDesc.newBuilder().setPublic(json(e.publicJson())).setTrusted(json(e.trustedJson()));
        if (e.defaultAuth() != null || e.defaultAnon() != null) {
            d.setDefacs(DefaultAcsMode.newBuilder().setAuth(nz(e.defaultAuth())).setAnon(nz(e.defaultAnon())));
        }
        return io.github.tinodej.transport.grpc.pbx.TopicEvent.newBuilder()
                .setAction(crud(e.action())).setName(e.name()).setDesc(d).build();
    }

    static io.github.tinodej.transport.grpc.pbx.SubscriptionEvent subscription(SubscriptionEvent e) {
        return io.github.tinodej.transport.grpc.pbx.SubscriptionEvent.newBuilder()
                .setAction(crud(e.action())).setTopic(e.topic()).setUserId(e.userId())
                .setDelId(e.delId()).setReadId(e.readId()).setRecvId(e.recvId())
                .setMode(AccessMode.newBuilder().setWant(nz(e.want())).setGiven(nz(e.given())))
                .setPrivate(json(e.privateJson()))
                .build();
    }

    static io.github.tinodej.transport.grpc.pbx.MessageEvent message(MessageEvent e) {
        ServerData.Builder d = ServerData.newBuilder().setTopic(e.topic()).setFromUserId(nz(e.fromUserId()))
                .setTimestamp(e.timestamp().toEpochMilli()).setSeqId(e.seq()).setContent(json(e.contentJson()));
        if (e.headJson() != null && JsonParser.parseString(e.headJson()) instanceof JsonObject head) {
            for (Map.Entry<String, JsonElement> h : head.entrySet()) {
                if (!h.getValue().isJsonNull()) {
                    d.putHead(h.getKey(), Json.bytes(h.getValue()));
                }
            }
        }
        return io.github.tinodej.transport.grpc.pbx.MessageEvent.newBuilder()
                .setAction(crud(e.action())).setMsg(d).build();
    }

    private static Crud crud(io.github.tinodej.plugin.Crud c) {
        return switch (c) {
            case CREATE -> Crud.CREATE;
            case UPDATE -> Crud.UPDATE;
            case DELETE -> Crud.DELETE;
        };
    }

    private static AuthLevel level(String s) {
        return switch (nz(s)) {
            case "ANON" -> AuthLevel.ANON;
            case "AUTH" -> AuthLevel.AUTH;
            case "ROOT" -> AuthLevel.ROOT;
            default -> AuthLevel.NONE;
        };
    }

    /** JSON text as the bytes Go's {@code interfaceToBytes} makes; empty for null. */
    private static ByteString json(String text) {
        return text == null || text.equals("null") ? ByteString.EMPTY : ByteString.copyFromUtf8(text);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
