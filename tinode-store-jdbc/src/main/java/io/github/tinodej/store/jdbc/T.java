package io.github.tinodej.store.jdbc;

import java.time.LocalDateTime;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/** The schema's tables and columns. */
final class T {
    private T() {
    }

    static final Table<?> USERS = Db.table("users");
    static final Table<?> USERTAGS = Db.table("usertags");
    static final Table<?> AUTH = Db.table("auth");
    static final Table<?> TOPICS = Db.table("topics");
    static final Table<?> TOPICTAGS = Db.table("topictags");
    static final Table<?> SUBS = Db.table("subscriptions");
    static final Table<?> MESSAGES = Db.table("messages");
    static final Table<?> DELLOG = Db.table("dellog");
    static final Table<?> DEVICES = Db.table("devices");
    static final Table<?> FILELINKS = Db.table("filelinks");
    static final Table<?> CREDENTIALS = Db.table("credentials");
    static final Table<?> KVMETA = Db.table("kvmeta");

    static final Field<Long> ID = Db.bigint("id");
    static final Field<LocalDateTime> CREATEDAT = Db.time("createdat");
    static final Field<LocalDateTime> UPDATEDAT = Db.time("updatedat");
    static final Field<LocalDateTime> DELETEDAT = Db.time("deletedat");
    static final Field<LocalDateTime> TOUCHEDAT = Db.time("touchedat");
    static final Field<Integer> STATE = Db.integer("state");
    static final Field<LocalDateTime> STATEAT = Db.time("stateat");
    static final Field<String> ACCESS_AUTH = Db.text("access_auth");
    static final Field<String> ACCESS_ANON = Db.text("access_anon");
    static final Field<String> PUBLIC = Db.text("public");
    static final Field<String> TRUSTED = Db.text("trusted");
    static final Field<String> TAGS = Db.text("tags");
    static final Field<LocalDateTime> LASTSEEN = Db.time("lastseen");
    static final Field<String> USERAGENT = Db.text("useragent");

    static final Field<Long> USERID = Db.bigint("userid");
    static final Field<String> TAG = Db.text("tag");

    static final Field<String> UNAME = Db.text("uname");
    static final Field<String> SCHEME = Db.text("scheme");
    static final Field<Integer> AUTHLVL = Db.integer("authlvl");
    static final Field<byte[]> SECRET = Db.bytes("secret");
    static final Field<LocalDateTime> EXPIRES = Db.time("expires");

    static final Field<String> NAME = Db.text("name");
    static final Field<Boolean> USEBT = Db.bool("usebt");
    static final Field<Long> OWNER = Db.bigint("owner");
    static final Field<Integer> SEQID = Db.integer("seqid");
    static final Field<Integer> DELID = Db.integer("delid");
    static final Field<String> AUX = Db.text("aux");

    static final Field<String> TOPIC = Db.text("topic");
    static final Field<String> MODEWANT = Db.text("modewant");
    static final Field<String> MODEGIVEN = Db.text("modegiven");
    static final Field<String> PRIVATE = Db.text("private");
    static final Field<Integer> READSEQID = Db.integer("readseqid");
    static final Field<Integer> RECVSEQID = Db.integer("recvseqid");

    static final Field<Long> FROMUID = Db.bigint("fromuid");
    static final Field<String> HEAD = Db.text("head");
    static final Field<String> CONTENT = Db.text("content");

    static final Field<Long> DELETEDFOR = Db.bigint("deletedfor");
    static final Field<Integer> LOW = Db.integer("low");
    static final Field<Integer> HI = Db.integer("hi");

    static final Field<String> FILEID = Db.text("fileid");

    static final Field<String> DEVICEID = Db.text("deviceid");
    static final Field<String> PLATFORM = Db.text("platform");
    static final Field<String> LANG = Db.text("lang");

    static final Field<String> SYNTHETIC = Db.text("synthetic");
    static final Field<String> METHOD = Db.text("method");
    static final Field<String> CREDVAL = Db.text("credval");
    static final Field<String> RESP = Db.text("resp");
    static final Field<Boolean> DONE = Db.bool("done");
    static final Field<Integer> RETRIES = Db.integer("retries");

    static final Field<String> KEY = Db.text("k");
    static final Field<String> VALUE = Db.text("v");

    // Explicit select lists: records then carry these Field objects, whatever case the database
    // folds unquoted names to.
    static final List<Field<?>> USER_FIELDS = List.of(ID, CREATEDAT, UPDATEDAT, STATE, STATEAT, ACCESS_AUTH,
            ACCESS_ANON, PUBLIC, TRUSTED, TAGS, LASTSEEN, USERAGENT);
    static final List<Field<?>> AUTH_FIELDS = List.of(UNAME, USERID, SCHEME, AUTHLVL, SECRET, EXPIRES);
    static final List<Field<?>> TOPIC_FIELDS = List.of(NAME, CREATEDAT, UPDATEDAT, TOUCHEDAT, STATE, STATEAT, USEBT,
            OWNER, ACCESS_AUTH, ACCESS_ANON, SEQID, DELID, PUBLIC, TRUSTED, TAGS, AUX);
    static final List<Field<?>> SUB_FIELDS = List.of(TOPIC, USERID, CREATEDAT, UPDATEDAT, DELETEDAT, MODEWANT,
            MODEGIVEN, PRIVATE, READSEQID, RECVSEQID, DELID);
    static final List<Field<?>> CREDENTIAL_FIELDS = List.of(USERID, METHOD, CREDVAL, RESP, DONE, RETRIES, CREATEDAT,
            UPDATEDAT);
    static final List<Field<?>> DEVICE_FIELDS = List.of(DEVICEID, PLATFORM, LASTSEEN, LANG);

    /** A column qualified by a table name or alias. */
    static <X> Field<X> q(String table, Field<X> f) {
        return org.jooq.impl.DSL.field(org.jooq.impl.DSL.unquotedName(table, f.getName()), f.getDataType());
    }
}
