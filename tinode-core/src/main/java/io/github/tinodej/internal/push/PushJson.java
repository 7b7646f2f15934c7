package io.github.tinodej.internal.push;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import java.util.Map;

/** A receipt as the JSON of Tinode's push SPI (protocol.md 11.1), field order as Go writes it. */
public final class PushJson {
    private PushJson() {
    }

    /** {@code {"to":{...},"channel":"...","payload":{...}}}. */
    public static JsonObject receipt(PushReceipt r) {
        JsonObject to = new JsonObject();
        for (Map.Entry<Uid, PushReceipt.Recipient> e : r.to().entrySet()) {
            JsonObject rc = new JsonObject();
            rc.addProperty("delivered", e.getValue().delivered());
            if (!e.getValue().devices().isEmpty()) {
                JsonArray d = new JsonArray();
                e.getValue().devices().forEach(d::add);
                rc.add("devices", d);
            }
            rc.addProperty("unread", e.getValue().unread());
            to.add(e.getKey().encoded(), rc);
        }
        PushReceipt.Payload p = r.payload();
        JsonObject pl = new JsonObject();
        pl.addProperty("what", p.what());
        pl.addProperty("silent", p.silent());
        pl.addProperty("topic", p.topic());
        pl.addProperty("ts", FcmMessages.rfc3339Nano(p.ts()));
        pl.addProperty("from", p.from() == null ? "" : p.from().userId());
        pl.addProperty("seq", p.seq());
        pl.addProperty("mime", p.mime() == null ? "" : p.mime());
        if (p.contentJson() != null) {
            pl.add("content", JsonParser.parseString(p.contentJson()));
        }
        if (p.webrtc() != null) {
            pl.addProperty("webrtc", p.webrtc());
            if (p.audioOnly()) {
                pl.addProperty("aonly", true);
            }
        }
        if (p.replace() != null) {
            pl.addProperty("replace", p.replace());
        }
        if (p.want() != null) {
            pl.addProperty("want", p.want().toString());
        }
        if (p.given() != null) {
            pl.addProperty("given", p.given().toString());
        }
        JsonObject o = new JsonObject();
        o.add("to", to);
        o.addProperty("channel", r.channel() == null ? "" : r.channel());
        o.add("payload", pl);
        return o;
    }
}
