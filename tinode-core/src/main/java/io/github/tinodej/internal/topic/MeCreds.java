package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.internal.cred.CredOps;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Credential;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A user's credentials on {@code me}: {@code {get what:"cred"}}, {@code {set cred}} and
 * {@code {del what:"cred"}} (Tinode's {@code replyGetCreds}, {@code replySetCred},
 * {@code replyDelCred}). Runs on the {@code me} actor, which owns the user's tags.
 */
final class MeCreds {
    private static final String ME = "me";

    private MeCreds() {
    }

    /** {@code {meta cred:[{meth,val,done}]}}, or 204 with {@code what:"creds"} when there are none. */
    static void get(MeTopic me, ClientSession s, String id, Instant now) {
        List<Credential> all;
        try {
            // Without validators there are no credentials, and a store may not keep them at all.
            all = me.services.creds().validators().all().isEmpty() ? List.of()
                    : me.services.store().getCredentials(me.uid, null, false);
        } catch (StoreException e) {
            s.reply(id, ME, null, ErrorMap.toCtrl(e), now);
            return;
        }
        if (all.isEmpty()) {
            s.reply(id, ME, Frames.what("creds"), Ctrl.NO_CONTENT, now);
            return;
        }
        JsonArray a = new JsonArray();
        for (Credential c : all) {
            JsonObject o = new JsonObject();
            o.addProperty("meth", c.method());
            o.addProperty("val", c.value());
            if (c.done()) {
                o.addProperty("done", true);
            }
            a.add(o);
        }
        s.send(me.services.frames().meta(id, ME, now, "cred", a));
    }

    /**
     * With {@code resp}: checks it (wrong → 406 "invalid response"). Without: adds the value or
     * re-sends its request, with a no-login token for links valid a day. An unknown method is a
     * no-op answered 200, as in Tinode.
     */
    static void set(MeTopic me, ClientSession s, ClientMessage.Set set, Instant now) {
        CredOps ops = me.services.creds();
        ClientMessage.Cred cred = set.cred;
        try {
            CredOps.Outcome o;
            if (cred.resp != null && !cred.resp.isEmpty()) {
                o = ops.validatedCreds(me.uid, s.authLevel(), List.of(cred), true);
            } else {
                byte[] tmp = me.services.config().tokens().issue(me.uid, AuthLevel.NONE, now.plus(Duration.ofHours(24)),
                        TokenAuthenticator.FEATURE_NO_LOGIN);
                o = ops.addCreds(me.uid, List.of(cred), s.lang(), tmp);
            }
            if (!o.tags().isEmpty()) {
                me.changeTags(o.tags(), List.of());
            }
        } catch (StoreException e) {
            s.reply(set.id, ME, null, ErrorMap.toCtrl(e), now);
            return;
        }
        s.reply(set.id, ME, null, Ctrl.OK, now);
    }

    /**
     * Deletes a value. 200 when the method adds tags (its tag goes), else 304 "no action" (Tinode
     * decides by the tags alone); 422 for the last validated value of a required method.
     */
    static void del(MeTopic me, ClientSession s, ClientMessage.Del del, Instant now) {
        if (del.cred == null || del.cred.meth == null || del.cred.meth.isEmpty()) {
            s.reply(del.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        String tag;
        try {
            tag = me.services.creds().deleteCred(me.uid, s.authLevel(), del.cred);
        } catch (StoreException e) {
            s.reply(del.id, ME, null, ErrorMap.toCtrl(e), now);
            return;
        }
        if (tag == null) {
            s.reply(del.id, ME, null, Ctrl.NO_ACTION, now);
            return;
        }
        me.changeTags(List.of(), List.of(tag));
        s.reply(del.id, ME, null, Ctrl.OK, now);
    }
}
