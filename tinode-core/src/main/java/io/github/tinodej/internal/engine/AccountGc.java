package io.github.tinodej.internal.engine;

import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.cred.CredConfig;
import io.github.tinodej.model.Uid;
import java.util.List;

/**
 * Tinode's {@code acc_gc_config}: every period, hard-deletes up to a block of accounts that were
 * never validated (no validated credential, never logged in) and have not changed for the minimum
 * age. Runs on the engine's scheduler and clock, so tests drive it with a fake clock. Unlike Go,
 * the period is not randomised: one server has no cluster peers to desynchronise from.
 */
final class AccountGc {
    private static final System.Logger LOG = System.getLogger(AccountGc.class.getName());

    private final Services services;
    private final CredConfig.AccountGcSettings settings;

    AccountGc(Services services, CredConfig.AccountGcSettings settings) {
        this.services = services;
        this.settings = settings;
    }

    void start() {
        services.schedule(() -> services.pool().execute(() -> {
            try {
                runOnce();
            } finally {
                start();
            }
        }), settings.period());
    }

    private void runOnce() {
        try {
            List<Uid> stale = services.store().getUnvalidatedUsers(services.clock().instant().minus(settings.minAge()),
                    settings.blockSize());
            for (Uid uid : stale) {
                try {
                    services.store().deleteUser(uid, true);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "stale account GC failed to delete " + uid.userId(), e);
                }
            }
            if (!stale.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "stale account GC deleted " + stale.size() + " accounts");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stale account GC failed", e);
        }
    }
}
