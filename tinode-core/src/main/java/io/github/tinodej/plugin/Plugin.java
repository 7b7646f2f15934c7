package io.github.tinodej.plugin;

/**
 * A server plugin (Tinode's {@code Plugin} service), in-process: it may inspect, change, answer or
 * drop client messages before the server handles them (the FireHose), and it hears of accounts,
 * topics, subscriptions and messages as they are created, changed and deleted. Register plugins
 * with {@code TinodeServer.Builder.plugin}; they are consulted in that order. Only the calls that
 * {@link #filters()} selects are made.
 *
 * <p>Threading: {@link #fireHose} runs on the thread of the session that sent the message, before
 * the message is processed, so it should be quick; a slow plugin delays that session only. The
 * event hooks run later, on a thread of their own, one event at a time and in order; they never
 * hold up the topic or session the event came from, and a full queue drops events (counted in the
 * server's figures).
 */
public interface Plugin {

    /** A short unique name for logs. */
    String name();

    /** The calls this plugin gets; the default is none. */
    default PluginFilters filters() {
        return PluginFilters.NONE;
    }

    /**
     * Judges a client message. An exception counts as a failure: with {@link #failureCode()} 0 the
     * message goes on as if the plugin had said CONTINUE, otherwise the client gets that code.
     *
     * @param session where it came from
     * @param clientMessageJson the message as the client sent it, e.g. {@code {"pub":{...}}}
     */
    default FireHose fireHose(PluginSession session, String clientMessageJson) {
        return FireHose.pass();
    }

    /**
     * Answers or rewrites a search in {@code fnd} (only with {@code find} in {@link #filters()}).
     * Runs on the thread of the user's {@code fnd} topic. An exception counts as CONTINUE.
     *
     * @param userId who searches
     * @param query the query as the client set it
     */
    default FindResult find(String userId, String query) {
        return FindResult.pass();
    }

    /** An account was created or changed. */
    default void account(AccountEvent event) {
    }

    /** A topic was created, changed or deleted. */
    default void topic(TopicEvent event) {
    }

    /** A subscription was created, changed or deleted. */
    default void subscription(SubscriptionEvent event) {
    }

    /** A message was stored and acknowledged. */
    default void message(MessageEvent event) {
    }

    /**
     * The ctrl code a client gets when {@link #fireHose} fails (Tinode's {@code failure_code});
     * 0, the default, ignores the failure.
     */
    default int failureCode() {
        return 0;
    }

    /** The ctrl text that goes with {@link #failureCode()} (Tinode's {@code failure_text}). */
    default String failureText() {
        return "";
    }
}
