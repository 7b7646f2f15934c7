/**
 * The stock push adapters Tinode ships: {@link io.github.tinodej.push.stock.StdoutPushProvider},
 * {@link io.github.tinodej.push.stock.FcmPushProvider} (Firebase Cloud Messaging HTTP v1) and
 * {@link io.github.tinodej.push.stock.TnpgPushProvider} (Tinode Push Gateway), each configured
 * with the {@code config} object of its entry in tinode.conf's {@code push} section.
 */
package io.github.tinodej.push.stock;
