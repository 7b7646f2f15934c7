package io.github.tinodej.examples;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tinode's sample-data file ({@code tinode-db/data.json}): users, group topics, p2p pairs, group
 * subscriptions, messages and forms, read field by field as {@code tinode-db}'s {@code Data}
 * struct reads them. Unknown fields are ignored, as Go's decoder ignores them.
 */
record SampleData(List<UserEntry> users, List<GroupEntry> groups, List<P2pEntry> p2p, List<GroupSub> groupSubs,
        List<JsonElement> messages, List<JsonObject> forms, Path folder) {

    /** A {@code users[]} entry; {@code createdAt} is a Go duration relative to now ({@code -140h}). */
    record UserEntry(String username, String password, String email, String tel, String authLevel, String state,
            String createdAt, JsonObject pub, JsonObject trusted, String comment, List<String> tags,
            List<String> addressBook) {
    }

    /** A {@code grouptopics[]} entry; {@code name} is the file's own key ({@code *ABC}). */
    record GroupEntry(String name, String owner, boolean channel, String createdAt, JsonObject pub,
            JsonObject trusted, String auth, String anon, List<String> tags, String ownerComment) {
    }

    /** One side of a {@code p2psubs[]} pair. */
    record P2pUser(String name, String comment, String want, String have) {
    }

    /** A {@code p2psubs[]} entry: two users. */
    record P2pEntry(String createdAt, List<P2pUser> users) {
    }

    /** A {@code groupsubs[]} entry. */
    record GroupSub(String topic, String user, boolean asChan, String createdAt, String comment, String want,
            String have) {
    }

    /** Reads and checks the file; a malformed one fails with a message naming what is wrong. */
    static SampleData read(Path file) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new StoreOptions.Refused("cannot parse sample data " + file + ": " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        List<UserEntry> users = list(root, "users", o -> new UserEntry(str(o, "username"), str(o, "passhash"),
                str(o, "email"), str(o, "tel"), str(o, "authLevel"), str(o, "state"), str(o, "createdAt"),
                obj(o, "public"), obj(o, "trusted"), comment(o, "private"), strings(o, "tags"), strings(o, "addressBook")));
        List<GroupEntry> groups = list(root, "grouptopics", o -> new GroupEntry(str(o, "name"), str(o, "owner"),
                bool(o, "channel"), str(o, "createdAt"), obj(o, "public"), obj(o, "trusted"),
                str(obj(o, "access"), "auth"), str(obj(o, "access"), "anon"), strings(o, "tags"),
                comment(o, "ownerPrivate")));
        List<P2pEntry> p2p = list(root, "p2psubs", o -> new P2pEntry(str(o, "createdAt"), list(o, "users",
                u -> new P2pUser(str(u, "name"), comment(u, "private"), str(u, "want"), str(u, "have")))));
        List<GroupSub> subs = list(root, "groupsubs", o -> new GroupSub(str(o, "topic"), str(o, "user"),
                bool(o, "asChan"), str(o, "createdAt"), comment(o, "private"), str(o, "want"), str(o, "have")));
        List<JsonElement> messages = new ArrayList<>();
        if (root.get("messages") instanceof JsonArray a) {
            a.forEach(messages::add);
        }
        List<JsonObject> forms = list(root, "forms", o -> o);
        for (UserEntry u : users) {
            if (u.username() == null || u.password() == null) {
                throw new StoreOptions.Refused("sample data: every user needs 'username' and 'passhash'");
            }
        }
        for (P2pEntry e : p2p) {
            if (e.users().size() != 2) {
                throw new StoreOptions.Refused("sample data: every p2psubs entry needs exactly two users");
            }
        }
        return new SampleData(users, groups, p2p, subs, messages, forms, folder);
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    /** Go's {@code time.ParseDuration}: {@code -140h}, {@code -115.5h}, {@code 1h30m}; empty is zero. */
    static Duration goDuration(String s) {
        if (s == null || s.isEmpty() || s.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        String rest = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        Matcher m = DURATION_PART.matcher(rest);
        double nanos = 0;
        int at = 0;
        while (at < rest.length() && m.find(at) && m.start() == at) {
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
            at = m.end();
        }
        if (at != rest.length() || at == 0) {
            throw new StoreOptions.Refused("sample data: invalid duration '" + s + "' (Go syntax, e.g. -140h)");
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    private static <T> List<T> list(JsonObject o, String key, Function<JsonObject, T> f) {
        List<T> out = new ArrayList<>();
        if (o != null && o.get(key) instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (!e.isJsonObject()) {
                    throw new StoreOptions.Refused("sample data: '" + key + "' must hold objects, found " + e);
                }
                out.add(f.apply(e.getAsJsonObject()));
            }
        }
        return out;
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new StoreOptions.Refused("sample data: '" + key + "' must be a string, found " + e);
        }
        String s = e.getAsString();
        return s.isEmpty() ? null : s;
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    private static JsonObject obj(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** Tinode's {@code tPrivate}: {@code {"comment": "..."}}. */
    private static String comment(JsonObject o, String key) {
        return str(obj(o, key), "comment");
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.get(key) instanceof JsonArray a) {
            a.forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }
}
