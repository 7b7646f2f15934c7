package io.github.tinodej.examples;

import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreDeletions;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar topic show|list|delete}: topics as stored, for an operator at the console.
 * Output is one fact per line ({@code key: value}), stable for scripts. Deletion takes the
 * engine's own steps ({@link StoreDeletions}), without live sessions to tell: run it while the
 * server is stopped, or members see the topic go only when they next reconnect.
 */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Topic administration on the configured database: show, list, delete.")
public final class TopicCommand implements Callable<Integer> {
    /** What the command does. */
    enum Action { SHOW, LIST, DELETE }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions db;

    @Parameters(index = "0", description = "show NAME, list, delete NAME",
            converter = ActionConverter.class)
    Action action;

    @Parameters(index = "1", arity = "0..1", description = "the topic: grp..., chn... (its group), p2p..., slf...")
    String name;

    @Option(names = "--limit", description = "list: at most this many topics (default 100)")
    int limit = 100;

    @Option(names = "--after", description = "list: start after this topic name (paging)")
    String after;

    @Option(names = "--soft", description = "delete: mark a group deleted instead of removing its records")
    boolean soft;

    /** Lower-case actions, as the usage says. */
    static final class ActionConverter implements picocli.CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            return Action.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public Integer call() {
        return db.run(spec, true, (store, out) -> {
            if (action == Action.LIST) {
                if (limit < 1) {
                    throw new StoreOptions.Refused("--limit must be positive: " + limit);
                }
                for (String n : store.topicNames(after, limit)) {
                    store.getTopic(n).ifPresent(t -> out.println(summary(store, t)));
                }
                return 0;
            }
            if (name == null) {
                throw new StoreOptions.Refused("a topic name is required: topic " + action.name().toLowerCase(Locale.ROOT)
                        + " NAME");
            }
            String stored = name.startsWith("chn") ? "grp" + name.substring(3) : name;
            TopicRecord t = store.getTopic(stored).orElseThrow(() -> new StoreOptions.Refused("no topic '" + name + "'"));
            if (action == Action.SHOW) {
                show(store, t, out);
            } else {
                out.println(delete(store, t));
            }
            return 0;
        });
    }

    /** One line per topic for {@code list}. */
    static String summary(Store store, TopicRecord t) {
        long members = store.getTopicSubscriptions(t.name()).stream().filter(s -> s.deleted() == null).count();
        return t.name() + " kind=" + kind(t) + " state=" + t.state().wireName() + " owner=" + owner(t)
                + " seq=" + t.seqId() + " members=" + members;
    }

    /** {@code show}: the record, then one line per subscription (channel readers as {@code reader}). */
    static void show(Store store, TopicRecord t, PrintWriter out) {
        out.println("topic: " + t.name());
        out.println("kind: " + kind(t));
        out.println("state: " + t.state().wireName());
        out.println("owner: " + owner(t));
        out.println("created: " + t.created());
        out.println("touched: " + t.touched());
        out.println("seq: " + t.seqId());
        out.println("del: " + t.delId());
        out.println("access: auth=" + t.access().auth() + " anon=" + t.access().anon());
        if (!t.tags().isEmpty()) {
            out.println("tags: " + String.join(",", t.tags()));
        }
        if (t.publicJson() != null) {
            out.println("public: " + t.publicJson());
        }
        members(out, "member", store.getTopicSubscriptions(t.name()));
        if (t.channel()) {
            members(out, "reader", store.getTopicSubscriptions("chn" + t.name().substring(3)));
        }
    }

    private static void members(PrintWriter out, String label, List<Subscription> subs) {
        subs.stream().sorted(java.util.Comparator.comparing(s -> s.user().userId())).forEach(s ->
                out.println(label + ": " + s.user().userId() + " want=" + s.want() + " given=" + s.given()
                        + " read=" + s.readSeq() + " recv=" + s.recvSeq() + (s.deleted() != null ? " deleted" : "")));
    }

    private String delete(Store store, TopicRecord t) {
        if (t.name().equals("sys")) {
            throw new StoreOptions.Refused("the system topic 'sys' cannot be deleted");
        }
        // Only groups can be soft-deleted: Tinode removes every other kind outright.
        boolean hard = !soft || !t.name().startsWith("grp");
        StoreDeletions.deleteTopic(store, t.name(), hard, Instant.now());
        return t.name() + (hard ? " deleted" : " marked deleted");
    }

    static String kind(TopicRecord t) {
        String prefix = t.name().length() >= 3 ? t.name().substring(0, 3) : t.name();
        return prefix.equals("grp") && t.channel() ? "grp+chn" : prefix;
    }

    private static String owner(TopicRecord t) {
        return t.owner().equals(Uid.ZERO) ? "-" : t.owner().userId();
    }
}
