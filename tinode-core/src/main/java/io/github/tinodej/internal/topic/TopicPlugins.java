package io.github.tinodej.internal.topic;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.plugin.Crud;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.SubscriptionEvent;
import io.github.tinodej.plugin.TopicEvent;

/**
 * The plugin events a topic emits, where Tinode's topic.go calls {@code pluginTopic},
 * {@code pluginSubscription} and {@code pluginMessage}. Runs on the topic's actor; the events are
 * queued, never delivered here.
 */
final class TopicPlugins {
    private TopicPlugins() {
    }

    /** A message was stored (and acknowledged). */
    static void message(Topic t, Message m) {
        if (!t.services.plugins().any()) {
            // Every publish passes here: without plugins not even the event's supplier is made.
            return;
        }
        t.services.plugins().message(t.name, () -> new MessageEvent(Crud.CREATE, m.topic(),
                m.from() != null && m.from().isValid() ? m.from().userId() : "", m.seq(), m.created(), m.headJson(),
                m.contentJson()));
    }

    /** The topic was created, or its description changed. */
    static void topic(Topic t, Crud action) {
        TopicRecord r = t.rec;
        t.services.plugins().topic(action, t.name, () -> new TopicEvent(action, r.name(), r.access().auth().toString(),
                r.access().anon().toString(), r.publicJson(), r.trustedJson()));
    }

    /** The topic was deleted. */
    static void deleted(io.github.tinodej.internal.Services services, String name) {
        services.plugins().topic(Crud.DELETE, name, () -> new TopicEvent(Crud.DELETE, name, null, null, null, null));
    }

    /** A subscription was created or changed. */
    static void subscription(Topic t, Crud action, Subscription s) {
        t.services.plugins().subscription(action, s.topic(), () -> new SubscriptionEvent(action, s.topic(),
                s.user().userId(), s.delId(), s.readSeq(), s.recvSeq(), s.want().toString(), s.given().toString(),
                s.privateJson()));
    }

    /** The user's subscription ended. */
    static void unsubscribed(Topic t, io.github.tinodej.model.Uid uid) {
        t.services.plugins().subscription(Crud.DELETE, t.name, () -> new SubscriptionEvent(Crud.DELETE, t.name,
                uid.userId(), 0, 0, 0, null, null, null));
    }
}
