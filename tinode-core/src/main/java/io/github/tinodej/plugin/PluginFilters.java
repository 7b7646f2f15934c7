package io.github.tinodej.plugin;

import java.util.List;
import java.util.Locale;

/**
 * Which calls a plugin gets, in the syntax of Tinode's {@code plugins[].filters}: each filter is a
 * string of up to three {@code ;}-separated parts, a comma-separated list of packet names
 * ({@code hi,acc,login,sub,leave,pub,get,set,del,note}), a comma-separated list of topic kinds
 * ({@code me,fnd,p2p,grp,sys,slf,new,nch}) and a combination of the actions {@code C}, {@code U},
 * {@code D}; a part left out means all. {@code "pub,note;p2p,grp;"} gets published messages and
 * notes in p2p and group topics. A filter that is null means the plugin gets no such call.
 *
 * <p>Unlike Tinode, which parses topic kinds for the event hooks and then ignores them, the kinds
 * given for {@code topic}, {@code subscription} and {@code message} filter those events too.
 */
public final class PluginFilters {
    private static final List<String> PACKETS =
            List.of("hi", "acc", "login", "sub", "leave", "pub", "get", "set", "del", "note");
    private static final List<String> KINDS = List.of("me", "fnd", "p2p", "grp", "sys", "slf", "new", "nch");
    private static final int ALL_PACKETS = (1 << PACKETS.size()) - 1;
    private static final int ALL_KINDS = (1 << 6) - 1; // me..slf: Tinode's default leaves out new and nch
    private static final int ALL_ACTIONS = 7;

    /** No calls at all. */
    public static final PluginFilters NONE = new PluginFilters(null, null, null, null, null, false);

    private final int[] fireHose;
    private final int[] account;
    private final int[] topic;
    private final int[] subscription;
    private final int[] message;
    private final boolean find;

    private PluginFilters(int[] fireHose, int[] account, int[] topic, int[] subscription, int[] message,
            boolean find) {
        this.fireHose = fireHose;
        this.account = account;
        this.topic = topic;
        this.subscription = subscription;
        this.message = message;
        this.find = find;
    }

    /**
     * Filters from Tinode's strings; each may be null (no such calls).
     *
     * @param fireHose packets and topic kinds, e.g. {@code "pub;grp"}
     * @param account actions, e.g. {@code "C"}
     * @param topic topic kinds and actions, e.g. {@code "grp;CD"}
     * @param subscription topic kinds and actions
     * @param message topic kinds and actions ({@code C} is the only message action)
     * @param find whether the plugin answers searches
     */
    public static PluginFilters parse(String fireHose, String account, String topic, String subscription,
            String message, boolean find) {
        return new PluginFilters(
                fireHose == null ? null : new int[] {names(fireHose, PACKETS, ALL_PACKETS), names(fireHose, KINDS, ALL_KINDS)},
                account == null ? null : new int[] {0, ALL_KINDS, actions(account)},
                topic == null ? null : new int[] {0, names(topic, KINDS, ALL_KINDS), actions(topic)},
                subscription == null ? null
                        : new int[] {0, names(subscription, KINDS, ALL_KINDS), actions(subscription)},
                message == null ? null : new int[] {0, names(message, KINDS, ALL_KINDS), actions(message)},
                find);
    }

    /** Every call, every packet and topic kind. */
    public static PluginFilters all() {
        return parse("", "", "", "", "", true);
    }

    /**
     * Whether a client message goes through the plugin's FireHose.
     *
     * @param packet the message's kind, e.g. "pub"
     * @param topic the topic as the client named it ("me", "usr...", "grp...", "new..."), or null
     */
    public boolean fireHose(String packet, String topic) {
        if (fireHose == null) {
            return false;
        }
        int p = PACKETS.indexOf(packet);
        if (p < 0 || (fireHose[0] & 1 << p) == 0) {
            return false;
        }
        if (topic == null || topic.isEmpty() || p < 3 || fireHose[1] == ALL_KINDS) {
            // hi, acc and login have no topic; Tinode skips the kind check when all kinds are on.
            return true;
        }
        return (fireHose[1] & kindOfClientName(topic)) != 0;
    }

    /** Whether the plugin hears of this account action. */
    public boolean account(Crud action) {
        return account != null && (account[2] & bit(action)) != 0;
    }

    /** Whether the plugin hears of this action on a topic with this stored name. */
    public boolean topic(Crud action, String name) {
        return event(topic, action, name);
    }

    /** Whether the plugin hears of this action on a subscription to a topic with this stored name. */
    public boolean subscription(Crud action, String topicName) {
        return event(subscription, action, topicName);
    }

    /** Whether the plugin hears of a message in a topic with this stored name. */
    public boolean message(Crud action, String topicName) {
        return event(message, action, topicName);
    }

    /** Whether the plugin answers searches. */
    public boolean find() {
        return find;
    }

    private static boolean event(int[] f, Crud action, String name) {
        return f != null && (f[2] & bit(action)) != 0 && (f[1] & kindOfStoredName(name)) != 0;
    }

    private static int bit(Crud action) {
        return 1 << action.ordinal();
    }

    private static int kindOfClientName(String topic) {
        String head = topic.length() > 3 ? topic.substring(0, 3) : topic;
        return head.equals("usr") ? kind("p2p") : kind(head);
    }

    private static int kindOfStoredName(String name) {
        if (name.startsWith("usr")) {
            return kind("me");
        }
        String head = name.length() > 3 ? name.substring(0, 3) : name;
        return head.equals("chn") ? kind("grp") : kind(head);
    }

    private static int kind(String head) {
        int i = KINDS.indexOf(head);
        return i < 0 ? 0 : 1 << i;
    }

    /** The first part naming any of {@code options}, as a bit set; {@code all} when no part does. */
    private static int names(String filter, List<String> options, int all) {
        for (String part : filter.split(";", -1)) {
            int result = 0;
            for (String v : part.toLowerCase(Locale.ROOT).split(",")) {
                int i = options.indexOf(v.trim());
                if (i >= 0) {
                    result |= 1 << i;
                }
            }
            if (result != 0) {
                return result;
            }
        }
        return all;
    }

    /** The first part made only of the letters C, U and D; all actions when none is. */
    private static int actions(String filter) {
        for (String part : filter.split(";", -1)) {
            int result = 0;
            for (char c : part.trim().toCharArray()) {
                switch (Character.toLowerCase(c)) {
                    case 'c' -> result |= bit(Crud.CREATE);
                    case 'u' -> result |= bit(Crud.UPDATE);
                    case 'd' -> result |= bit(Crud.DELETE);
                    default -> {
                        result = 0;
                        break;
                    }
                }
                if (result == 0) {
                    break;
                }
            }
            if (result != 0) {
                return result;
            }
        }
        return ALL_ACTIONS;
    }
}
