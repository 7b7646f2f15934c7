package io.github.tinodej.model;

/**
 * One recorded deletion ({@code dellog} in Tinode): messages in {@code range} were deleted by
 * transaction {@code delId}, for everybody ({@code forUser} zero: hard) or only for one user (soft).
 *
 * @param topic internal topic name
 * @param delId delete transaction id
 * @param forUser the user for a soft delete, {@link Uid#ZERO} for a hard one
 * @param range deleted ids
 */
public record DelLogEntry(String topic, int delId, Uid forUser, SeqRange range) {
}
