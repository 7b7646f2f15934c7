package io.github.tinodej.transport.grpc;

import io.github.tinodej.plugin.AccountEvent;
import io.github.tinodej.plugin.FindResult;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginFilters;
import io.github.tinodej.plugin.PluginSession;
import io.github.tinodej.plugin.SubscriptionEvent;
import io.github.tinodej.plugin.TopicEvent;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientReq;
import io.github.tinodej.transport.grpc.pbx.PluginGrpc;
import io.github.tinodej.transport.grpc.pbx.SearchFound;
import io.github.tinodej.transport.grpc.pbx.SearchQuery;
import io.github.tinodej.transport.grpc.pbx.ServerResp;
import io.github.tinodej.transport.grpc.pbx.TopicSub;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plugin that lives in another process and speaks Tinode's {@code pbx.Plugin} gRPC service, as
 * Tinode's server/plugins.go calls it: every client message the filters select goes to
 * {@code FireHose} with the session that sent it, searches to {@code Find}, and accounts, topics,
 * subscriptions and messages to the event calls. Each call has the configured deadline.
 *
 * <p>Failures: a FireHose call that fails or times out throws, so the engine applies the failure
 * policy ({@link #failureCode()} 0 lets the message go on, any other code answers the client with
 * it). A failed Find throws too (the engine searches as usual). Failed event calls are logged and
 * forgotten, as in Tinode.
 *
 * <pre>{@code
 * List<GrpcPlugin> plugins = GrpcPlugin.listFromJson(pluginsArrayJson);
 * TinodeServer.Builder b = TinodeServer.builder();
 * for (GrpcPlugin p : plugins) {
 *     b.plugin(p).closeOnStop(p);
 * }
 * }</pre>
 *
 * <p>The connection is made lazily, on the first call, and re-made by gRPC when it breaks.
 * Addresses are {@code tcp://host:port} or, on Linux, {@code unix:///path/to/socket}. Thread-safe;
 * {@link #close} shuts the connection down.
 */
public final class GrpcPlugin implements Plugin, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GrpcPlugin.class.getName());

    private final GrpcPluginConfig config;
    private final ManagedChannel channel;
    private final PluginGrpc.PluginBlockingStub stub;

    /**
     * A plugin for {@code config}; nothing is connected yet.
     *
     * @throws IllegalArgumentException for an address that is neither {@code tcp://} nor {@code unix://}
     */
    public GrpcPlugin(GrpcPluginConfig config) {
        this.config = config;
        this.channel = channel(config.serviceAddr());
        this.stub = PluginGrpc.newBlockingStub(channel);
    }

    /** A plugin for one entry of Tinode's {@code plugins} array, enabled or not. */
    public static GrpcPlugin fromJson(String entryJson) {
        return new GrpcPlugin(GrpcPluginConfig.parse(entryJson));
    }

    /**
     * Plugins for the enabled entries of Tinode's {@code plugins} array, in order.
     *
     * @throws IllegalArgumentException for a malformed entry or a duplicate name
     */
    public static List<GrpcPlugin> listFromJson(String arrayJson) {
        List<GrpcPlugin> out = new ArrayList<>();
        try {
            for (GrpcPluginConfig c : GrpcPluginConfig.parseList(arrayJson)) {
                out.add(new GrpcPlugin(c));
            }
        } catch (RuntimeException e) {
            out.forEach(GrpcPlugin::close);
            throw e;
        }
        return List.copyOf(out);
    }

    private static ManagedChannel channel(String addr) {
        int sep = addr.indexOf("://");
        String scheme = sep < 0 ? "" : addr.substring(0, sep);
        String rest = sep < 0 ? addr : addr.substring(sep + 3);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("plugins: invalid server address format '" + addr + "'");
        }
        return switch (scheme) {
            case "tcp" -> Grpc.newChannelBuilder("dns:///" + rest, InsecureChannelCredentials.create()).build();
            // grpc-netty-shaded's domain-socket channel (epoll, Linux); "unix:path" is relative.
            case "unix" -> Grpc.newChannelBuilder(rest.startsWith("/") ? "unix://" + rest : "unix:" + rest,
                    InsecureChannelCredentials.create()).build();
            default -> throw new IllegalArgumentException("plugins: unsupported network '" + scheme + "' in '"
                    + addr + "'; use tcp://host:port or unix:///path");
        };
    }

    /** The configuration this plugin was made from. */
    public GrpcPluginConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public PluginFilters filters() {
        return config.filters();
    }

    @Override
    public int failureCode() {
        return config.failureCode();
    }

    @Override
    public String failureText() {
        return config.failureText();
    }

    private PluginGrpc.PluginBlockingStub call() {
        long nanos = config.timeout().toNanos();
        return nanos > 0 ? stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS) : stub;
    }

    /**
     * Asks the remote FireHose.
     *
     * @throws StatusRuntimeException when the call fails or times out (the engine's failure policy applies)
     */
    @Override
    public FireHose fireHose(PluginSession session, String clientMessageJson) {
        ClientMsg msg = JsonToClient.convert(clientMessageJson);
        if (msg == null) {
            // Go's pbCliSerialize gives nil for such a message and no plugin is asked.
            return FireHose.pass();
        }
        ServerResp resp = call().fireHose(
                ClientReq.newBuilder().setMsg(msg).setSess(PluginMessages.session(session)).build());
        return switch (resp.getStatus()) {
            case CONTINUE -> FireHose.pass();
            case DROP -> FireHose.drop();
            case REPLACE -> FireHose.replace(ClientToJson.convert(resp.getClmsg()));
            default -> {
                // RESPOND, and as in Go any status it does not know.
                String reply = ServerToJson.convert(resp.getSrvmsg());
                if (reply == null) {
                    throw new IllegalStateException("plugin '" + name() + "' responded without a message");
                }
                yield FireHose.respond(reply);
            }
        };
    }

    /**
     * Asks the remote Find.
     *
     * @throws StatusRuntimeException when the call fails or times out
     */
    @Override
    public FindResult find(String userId, String query) {
        SearchFound found = call().find(SearchQuery.newBuilder().setUserId(userId).setQuery(query).build());
        return switch (found.getStatus()) {
            case CONTINUE -> FindResult.pass();
            case DROP -> FindResult.drop();
            case REPLACE -> FindResult.replace(found.getQuery());
            default -> {
                List<String> names = new ArrayList<>();
                for (TopicSub s : found.getResultList()) {
                    String n = s.getTopic().isEmpty() ? s.getUserId() : s.getTopic();
                    if (!n.isEmpty()) {
                        names.add(n);
                    }
                }
                yield FindResult.respond(names);
            }
        };
    }

    @Override
    public void account(AccountEvent event) {
        send("Account", () -> call().account(PluginMessages.account(event)));
    }

    @Override
    public void topic(TopicEvent event) {
        send("Topic", () -> call().topic(PluginMessages.topic(event)));
    }

    @Override
    public void subscription(SubscriptionEvent event) {
        send("Subscription", () -> call().subscription(PluginMessages.subscription(event)));
    }

    @Override
    public void message(MessageEvent event) {
        send("Message", () -> call().message(PluginMessages.message(event)));
    }

    /** One event call; a failure is logged, as Tinode logs it, and the event is lost. */
    private void send(String what, Runnable rpc) {
        try {
            rpc.run();
        } catch (StatusRuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "plugins: {0} call failed {1}: {2}", what, name(), e.getStatus());
        }
    }

    /** Shuts the connection down; calls in flight fail. Waits briefly for it to end. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "GrpcPlugin[" + name() + " " + config.serviceAddr() + "]";
    }

    /** Whether {@link #close} has shut the connection down. */
    boolean isShutdown() {
        return channel.isShutdown();
    }
}
