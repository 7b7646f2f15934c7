package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;

/**
 * What a {@code {get}} asks, whether sent on its own or embedded in a {@code {sub}}: both are
 * answered by the same code with the request's id and the topic name the client used.
 */
record MetaQuery(String id, String topic, ClientMessage.GetOpts desc, ClientMessage.GetOpts sub,
        ClientMessage.GetOpts data, ClientMessage.GetOpts del) {

    static MetaQuery of(ClientMessage.Get get) {
        return new MetaQuery(get.id, get.topic, get.desc, get.sub, get.data, get.del);
    }

    /** The get inside {@code sub}, answered under {@code topic} (the name the client subscribed with). */
    static MetaQuery embedded(ClientMessage.Sub sub, String topic) {
        return new MetaQuery(sub.id, topic, sub.get.desc, sub.get.sub, sub.get.data, sub.get.del);
    }
}
