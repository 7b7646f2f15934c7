package io.github.tinodej.plugin;

/**
 * A user subscribed to a topic, the subscription's access changed, or it ended (Tinode's
 * {@code pbx.SubscriptionEvent}).
 *
 * @param action what happened
 * @param topic the topic's name as stored ({@code grp...}, {@code p2p...}, {@code chn...})
 * @param userId the subscriber ({@code usr...})
 * @param delId the subscriber's delete id
 * @param readId the last message read
 * @param recvId the last message received
 * @param want the access the subscriber wants, or null (deletions)
 * @param given the access granted, or null (deletions)
 * @param privateJson the subscriber's private comment as JSON, or null
 */
public record SubscriptionEvent(Crud action, String topic, String userId, int delId, int readId, int recvId,
        String want, String given, String privateJson) {
}
