package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes {@link SampleData} into a store the way Tinode's {@code tinode-db/gendb.go} does: users
 * (with their {@code basic} login, validated email/phone, {@code me} private comment and address
 * book), group topics and channels with their owners, p2p topics with both subscriptions, group
 * subscriptions and channel readers, then messages spread over the last four days and the forms
 * the chatbot sends. Prints Tinode's {@code usr;}/{@code grp;}/{@code p2p;} lines mapping the
 * file's names to the ids made.
 */
final class SampleLoader {
    private static final AccessMode GROUP_AUTH = AccessMode.parse("JRWPS"); // Tinode's ModeCPublic
    private static final AccessMode GROUP_ANON = AccessMode.parse("JR"); // ModeCReadOnly
    private static final AccessMode FULL = AccessMode.parse("JRWPASDO");
    private static final AccessMode CHANNEL_READER = AccessMode.parse("JRP");
    private static final String PASSWORD_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/.+?=&";

    private final Store store;
    private final Accounts accounts;
    private final boolean p2pDelete;
    private final Random random;
    private final PrintWriter out;
    private final PrintWriter warn;
    private final Instant now;
    /** The file's names (alice, *ABC, alice:bob) to user ids and topic names. */
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Integer> seqs = new HashMap<>();
    private int messageCount;

    SampleLoader(Store store, Accounts accounts, boolean p2pDelete, Random random, Instant now, PrintWriter out,
            PrintWriter warn) {
        this.store = store;
        this.accounts = accounts;
        this.p2pDelete = p2pDelete;
        this.random = random;
        this.now = now.truncatedTo(ChronoUnit.MILLIS);
        this.out = out;
        this.warn = warn;
    }

    /** Loads everything; returns the number of messages inserted. */
    int load(SampleData data) {
        if (data.users().isEmpty()) {
            warn.println("warning: no users in the sample data, nothing loaded");
            return 0;
        }
        String bot = users(data);
        groups(data);
        List<String> pairs = p2p(data);
        groupSubs(data);
        messages(data, pairs);
        forms(data, pairs, bot);
        return messageCount;
    }

    /** Returns the chatbot's login: the user with a {@code (random)} password, else the first. */
    private String users(SampleData data) {
        String bot = data.users().get(0).username();
        for (SampleData.UserEntry u : data.users()) {
            ObjectState state = u.state() == null ? ObjectState.OK : ObjectState.ofWireName(u.state())
                    .orElseThrow(() -> new StoreOptions.Refused("sample data: user " + u.username() + ": unknown state '"
                            + u.state() + "'"));
            AuthLevel level = u.authLevel() == null ? AuthLevel.AUTH : AuthLevel.ofWireName(u.authLevel())
                    .filter(l -> l != AuthLevel.NONE)
                    .orElseThrow(() -> new StoreOptions.Refused("sample data: user " + u.username() + ": unknown authLevel '"
                            + u.authLevel() + "'"));
            String password = u.password();
            if (password.equals("(random)")) {
                password = randomPassword(8);
                bot = u.username();
            }
            String book = u.addressBook().isEmpty() ? null : String.join(",", u.addressBook());
            Uid uid = accounts.create(new Accounts.Spec(u.username(), password, level, state,
                    publicJson(u.pub(), data.folder()), json(u.trusted()), comment(u.comment()), u.tags(), u.email(),
                    u.tel(), book, created(u.createdAt())));
            names.put(u.username(), uid.userId());
            out.println("usr;" + u.username() + ";" + uid.userId() + ";" + password);
        }
        return bot;
    }

    private void groups(SampleData data) {
        for (SampleData.GroupEntry g : data.groups()) {
            String name = "grp" + accounts.newUid().encoded();
            AccessMode auth = mode(g.auth(), GROUP_AUTH, g.name());
            AccessMode anon = mode(g.anon(), GROUP_ANON, g.name());
            Uid owner = Uid.ZERO;
            if (g.owner() != null) {
                owner = user(g.owner(), "owner of " + g.name());
            }
            Instant created = created(g.createdAt());
            store.createTopic(new TopicRecord(name, created, created, created, ObjectState.OK, null, g.channel(), owner,
                    new DefaultAccess(auth, anon), 0, 0, publicJson(g.pub(), data.folder()), json(g.trusted()),
                    lower(g.tags()), null));
            if (!owner.equals(Uid.ZERO)) {
                store.upsertSubscription(new Subscription(name, owner, created, created, null, FULL, FULL,
                        comment(g.ownerComment()), 0, 0, 0));
            }
            names.put(g.name(), name);
            out.println("grp;" + g.name() + ";" + name);
        }
    }

    /** Returns the pair keys ({@code alice:bob}, names sorted) in file order. */
    private List<String> p2p(SampleData data) {
        List<String> pairs = new ArrayList<>();
        AccessMode dflt = AccessMode.parse(p2pDelete ? "JRWPAD" : "JRWPA");
        for (SampleData.P2pEntry e : data.p2p()) {
            SampleData.P2pUser a = e.users().get(0);
            SampleData.P2pUser b = e.users().get(1);
            String pair = a.name().compareTo(b.name()) < 0 ? a.name() + ":" + b.name() : b.name() + ":" + a.name();
            Uid ua = user(a.name(), "p2p " + pair);
            Uid ub = user(b.name(), "p2p " + pair);
            String topic = p2pName(ua, ub);
            Instant created = created(e.createdAt());
            store.createTopic(new TopicRecord(topic, created, created, created, ObjectState.OK, null, false, Uid.ZERO,
                    new DefaultAccess(AccessMode.NONE, AccessMode.NONE), 0, 0, null, null, List.of(), null));
            for (SampleData.P2pUser u : List.of(a, b)) {
                store.upsertSubscription(new Subscription(topic, u == a ? ua : ub, created, created, null,
                        mode(u.want(), dflt, pair), mode(u.have(), dflt, pair), comment(u.comment()), 0, 0, 0));
            }
            names.put(pair, topic);
            pairs.add(pair);
            out.println("p2p;" + pair + ";" + topic);
        }
        return pairs;
    }

    private void groupSubs(SampleData data) {
        for (SampleData.GroupSub s : data.groupSubs()) {
            AccessMode dflt = s.asChan() ? CHANNEL_READER : GROUP_AUTH;
            String topic = names.get(s.topic());
            if (topic == null) {
                throw new StoreOptions.Refused("sample data: groupsubs names unknown topic '" + s.topic() + "'");
            }
            Instant created = created(s.createdAt());
            store.upsertSubscription(new Subscription(s.asChan() ? "chn" + topic.substring(3) : topic,
                    user(s.user(), "subscriber of " + s.topic()), created, created, null, mode(s.want(), dflt, s.topic()),
                    mode(s.have(), dflt, s.topic()), comment(s.comment()), 0, 0, 0));
        }
    }

    /**
     * gendb's spread: 96 sends starting four days ago, each from a random subscriber (one in five
     * repeats the previous sender), times increasing by random steps that keep the last one in the
     * past; channel readers publish nothing. A single message goes instead to every group (from
     * its owner) and to the first half of the p2p pairs.
     */
    private void messages(SampleData data, List<String> pairs) {
        List<JsonElement> msgs = new ArrayList<>(data.messages());
        if (msgs.isEmpty()) {
            return;
        }
        Instant end = now.minus(Duration.ofMinutes(10));
        if (msgs.size() == 1) {
            Instant at = now.minus(Duration.ofMinutes(1));
            for (SampleData.GroupEntry g : data.groups()) {
                save(names.get(g.name()), g.owner() == null ? Uid.ZERO : user(g.owner(), g.name()), at, msgs.get(0), false);
            }
            for (int i = 0; i < pairs.size() / 2; i++) {
                save(names.get(pairs.get(i)), user(data.p2p().get(i).users().get(0).name(), pairs.get(i)), at,
                        msgs.get(0), false);
            }
            return;
        }
        Collections.shuffle(msgs, random);
        int toInsert = 96;
        long incrementMs = 3600 * 1000;
        Instant at = end.minus(Duration.ofDays(4));
        int subs = data.groupSubs().size() + pairs.size() * 2;
        int idx = random.nextInt(subs);
        for (int i = 0; i < toInsert; i++) {
            if (random.nextInt(5) > 0) {
                idx = random.nextInt(subs);
            }
            String topic;
            Uid from;
            if (idx < data.groupSubs().size()) {
                SampleData.GroupSub s = data.groupSubs().get(idx);
                if (s.asChan()) {
                    continue;
                }
                topic = names.get(s.topic());
                from = user(s.user(), s.topic());
            } else {
                int p = (idx - data.groupSubs().size()) / 2;
                topic = names.get(pairs.get(p));
                from = user(data.p2p().get(p).users().get((idx - data.groupSubs().size()) % 2).name(), pairs.get(p));
            }
            // gendb's step is up to 'increment' microseconds: at most ~2 hours between messages.
            at = at.plus(Duration.ofNanos(1000L * (long) (random.nextDouble() * Math.max(1, incrementMs))));
            if (at.isAfter(end)) {
                end = at;
            }
            save(topic, from, at, msgs.get(i % msgs.size()), false);
            incrementMs = Duration.between(at, end).toMillis() / (toInsert - i);
        }
    }

    /** Each form, as a Drafty message from the chatbot, in every p2p topic the chatbot is in. */
    private void forms(SampleData data, List<String> pairs, String bot) {
        Instant at = now.minus(Duration.ofMinutes(10));
        for (JsonObject form : data.forms()) {
            for (int i = 0; i < pairs.size(); i++) {
                List<SampleData.P2pUser> two = data.p2p().get(i).users();
                if (two.get(0).name().equals(bot) || two.get(1).name().equals(bot)) {
                    at = at.plusSeconds(1);
                    save(names.get(pairs.get(i)), user(bot, "forms"), at, form, true);
                }
            }
        }
    }

    private void save(String topic, Uid from, Instant at, JsonElement content, boolean drafty) {
        int seq = seqs.merge(topic, 1, Integer::sum);
        // A message that is an object is Drafty (as the forms are): the head says so, as gendb's does.
        boolean isDrafty = drafty || content.isJsonObject();
        store.saveMessage(new Message(topic, seq, at, from, isDrafty ? "{\"mime\":\"text/x-drafty\"}" : null,
                content.toString(), 0));
        messageCount++;
    }

    private Uid user(String login, String where) {
        String id = login == null ? null : names.get(login);
        if (id == null || !id.startsWith("usr")) {
            throw new StoreOptions.Refused("sample data: unknown user '" + login + "' (" + where + ")");
        }
        return Uid.parseUserId(id);
    }

    private Instant created(String delta) {
        return now.plus(SampleData.goDuration(delta));
    }

    private static AccessMode mode(String letters, AccessMode dflt, String where) {
        if (letters == null) {
            return dflt;
        }
        try {
            return AccessMode.parse(letters);
        } catch (IllegalArgumentException e) {
            throw new StoreOptions.Refused("sample data: invalid access mode '" + letters + "' (" + where + ")");
        }
    }

    /**
     * Tinode's {@code parsePublic}: {@code fn} and the photo file read next to the data file,
     * stored as {@code {"type":"jpg","data":"<base64>"}} as Tinode clients expect; a missing
     * photo is skipped with a warning (Tinode stops instead).
     */
    private String publicJson(JsonObject pub, Path folder) {
        if (pub == null) {
            return null;
        }
        JsonObject card = new JsonObject();
        if (pub.has("fn")) {
            card.add("fn", pub.get("fn"));
        }
        if (pub.get("photo") instanceof JsonPrimitive p && !p.getAsString().isEmpty()) {
            Path file = folder.resolve(p.getAsString());
            try {
                JsonObject photo = new JsonObject();
                photo.addProperty("type", pub.has("type") ? pub.get("type").getAsString() : "jpg");
                photo.addProperty("data", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                card.add("photo", photo);
            } catch (IOException e) {
                warn.println("warning: photo " + file + " not found, skipped");
            }
        }
        return card.size() == 0 ? null : card.toString();
    }

    private static String json(JsonObject o) {
        return o == null || o.size() == 0 ? null : o.toString();
    }

    private static String comment(String comment) {
        if (comment == null) {
            return null;
        }
        JsonObject o = new JsonObject();
        o.addProperty("comment", comment);
        return o.toString();
    }

    private static List<String> lower(List<String> tags) {
        return tags.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    }

    /** Tinode's p2p name: {@code p2p} + base64url of both ids' little-endian bytes, smaller first. */
    static String p2pName(Uid a, Uid b) {
        long x = Math.min(a.value() + Long.MIN_VALUE, b.value() + Long.MIN_VALUE) - Long.MIN_VALUE;
        long y = Math.max(a.value() + Long.MIN_VALUE, b.value() + Long.MIN_VALUE) - Long.MIN_VALUE;
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(x).putLong(y).array();
        return "p2p" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String randomPassword(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return sb.toString();
    }
}
