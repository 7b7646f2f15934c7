package io.github.tinodej.push;

import io.github.tinodej.model.Uid;

/**
 * A channel reader's devices joining or leaving the channel's FCM topic (Tinode's
 * {@code push.ChannelReq}). Exactly one of {@code deviceId} and {@code channel} is set: a new
 * device joins all the user's channels, or all the user's devices join or leave one channel.
 *
 * @param uid the user
 * @param deviceId a device that just registered, or null
 * @param channel the channel ({@code chn...}), or null
 * @param unsub true to leave, false to join
 */
public record ChannelRequest(Uid uid, String deviceId, String channel, boolean unsub) {
}
