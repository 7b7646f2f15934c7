package io.github.tinodej.internal.codec;

import com.google.gson.JsonElement;
import java.util.List;
import java.util.Map;

/**
 * One decoded client frame. Field names are the wire names; Gson fills them reflectively with the
 * strict adapters in {@link Codec}. Exactly one of the message fields is used: the first present in
 * the order {@code pub, sub, leave, hi, login, get, set, del, acc, note} (Tinode's dispatch order).
 */
public final class ClientMessage {
    public Hi hi;
    public Acc acc;
    public Login login;
    public Sub sub;
    public Leave leave;
    public Pub pub;
    public Get get;
    public Set set;
    public Del del;
    public Note note;
    public Extra extra;

    /** {@code {hi}}. */
    public static final class Hi {
        public String id;
        public String ver;
        public String ua;
        public String dev;
        public String platf;
        public String lang;
        public Boolean bkg;
    }

    /** {@code {acc}}. */
    public static final class Acc {
        public String id;
        public String user;
        public String tmpscheme;
        public String tmpsecret;
        public String scheme;
        public String secret;
        public Boolean login;
        public List<String> tags;
        public SetDesc desc;
        public List<Cred> cred;
        public String status;
        public String authlevel;
        /** The frame's {@code extra.attachments}, copied here by the dispatcher (never read from the wire). */
        public transient List<String> attachments;
    }

    /** {@code {login}}. */
    public static final class Login {
        public String id;
        public String scheme;
        public String secret;
        public List<Cred> cred;
    }

    /** {@code {sub}}. */
    public static final class Sub {
        public String id;
        public String topic;
        public Boolean bkg;
        public SetQuery set;
        public GetQuery get;
        /** The frame's {@code extra.attachments}, copied here by the dispatcher (never read from the wire). */
        public transient List<String> attachments;
    }

    /** {@code {leave}}. */
    public static final class Leave {
        public String id;
        public String topic;
        public Boolean unsub;
    }

    /** {@code {pub}}. */
    public static final class Pub {
        public String id;
        public String topic;
        public Boolean noecho;
        public Map<String, JsonElement> head;
        public JsonElement content;
    }

    /** {@code {get}}: the query fields sit next to id and topic. */
    public static final class Get {
        public String id;
        public String topic;
        public String what;
        public GetOpts desc;
        public GetOpts sub;
        public GetOpts data;
        public GetOpts del;
    }

    /** {@code {set}}. */
    public static final class Set {
        public String id;
        public String topic;
        public SetDesc desc;
        public SetSub sub;
        public List<String> tags;
        public Cred cred;
        public Map<String, JsonElement> aux;
        /** The frame's {@code extra.attachments}, copied here by the dispatcher (never read from the wire). */
        public transient List<String> attachments;
    }

    /** {@code {del}}. */
    public static final class Del {
        public String id;
        public String topic;
        public String what;
        public List<Range> delseq;
        public String user;
        public Cred cred;
        public Boolean hard;
    }

    /** {@code {note}}. */
    public static final class Note {
        public String topic;
        public String what;
        /** 64-bit like Go's int: out-of-range values are judged by the handler, not the parser. */
        public Long seq;
        public Long unread;
        public String event;
        public JsonElement payload;
    }

    /** Top-level {@code extra}. */
    public static final class Extra {
        public List<String> attachments;
        public String obo;
        public String authlevel;
    }

    /** The {@code get} part of {@code {sub}}. */
    public static final class GetQuery {
        public String what;
        public GetOpts desc;
        public GetOpts sub;
        public GetOpts data;
        public GetOpts del;
    }

    /** The {@code set} part of {@code {sub}}. */
    public static final class SetQuery {
        public SetDesc desc;
        public SetSub sub;
        public List<String> tags;
        public Cred cred;
        public Map<String, JsonElement> aux;
    }

    /** Options of one {@code get} section. */
    public static final class GetOpts {
        public String user;
        public String topic;
        public String ims;
        /** Go reads these as 64-bit ints; handlers clamp them (reliability.md IN-11). */
        public Long since;
        public Long before;
        public Long limit;
        public List<Range> ranges;
    }

    /** {@code desc} in set/acc. JSON null and absence both mean "no change". */
    public static final class SetDesc {
        public DefAcs defacs;
        public JsonElement trusted;
        @com.google.gson.annotations.SerializedName("public")
        public JsonElement pub;
        @com.google.gson.annotations.SerializedName("private")
        public JsonElement priv;
    }

    /** {@code defacs}. */
    public static final class DefAcs {
        public String auth;
        public String anon;
    }

    /** {@code sub} in set. */
    public static final class SetSub {
        public String user;
        public String mode;
    }

    /** A credential in acc/login/set/del. */
    public static final class Cred {
        public String meth;
        public String val;
        public String resp;
        public Map<String, JsonElement> params;
    }

    /** A seq range, {@code hi} exclusive; 0 means single id. */
    public static final class Range {
        public Long low;
        public Long hi;
    }
}
