package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import java.util.List;

/**
 * The {@code devices} table: a user's push devices, one row per device id. Cached per user (every
 * push reads its recipients' devices); a write drops the entries of every user it touched, the
 * token's previous owner included.
 */
final class DeviceRows {
    private final Database database;
    private final Caches caches;

    DeviceRows(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
    }

    /**
     * Update first, insert if there was nothing to update: the same on every dialect. The token
     * leaves any other account first (Tinode's DeviceUpsert), so the next user of a shared phone
     * does not receive the pushes of the one before.
     */
    void upsert(Uid uid, Device dev) {
        List<Long> previous = Db.tx(database.db(), d -> {
            List<Long> owners = d.select(T.USERID).from(T.DEVICES).where(T.DEVICEID.eq(dev.deviceId()))
                    .and(T.USERID.ne(uid.value())).fetch(T.USERID);
            d.deleteFrom(T.DEVICES).where(T.DEVICEID.eq(dev.deviceId())).and(T.USERID.ne(uid.value())).execute();
            int n = d.update(T.DEVICES).set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen()))
                    .set(T.LANG, dev.lang()).where(T.USERID.eq(uid.value())).and(T.DEVICEID.eq(dev.deviceId())).execute();
            if (n == 0) {
                d.insertInto(T.DEVICES).set(T.USERID, uid.value()).set(T.DEVICEID, dev.deviceId())
                        .set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen())).set(T.LANG, dev.lang())
                        .execute();
            }
            return owners;
        });
        caches.devices.invalidate(uid);
        previous.forEach(owner -> caches.devices.invalidate(new Uid(owner)));
    }

    void delete(Uid uid, String deviceId) {
        Db.run(database.db(), d -> d.deleteFrom(T.DEVICES).where(T.USERID.eq(uid.value()))
                .and(T.DEVICEID.eq(deviceId)).execute());
        caches.devices.invalidate(uid);
    }

    /** The user's devices are gone with the account (UserRows deletes the rows). */
    void forget(Uid uid) {
        caches.devices.invalidate(uid);
    }

    List<Device> list(Uid uid) {
        if (!caches.enabled) {
            return load(uid);
        }
        // Loaded under the entry's lock: a write's invalidation, which follows its commit, waits
        // for a load in progress and then removes what it read, so no stale list outlives a write.
        return caches.devices.get(uid, this::load);
    }

    private List<Device> load(Uid uid) {
        return List.copyOf(Db.run(database.db(), d -> d.select(T.DEVICE_FIELDS).from(T.DEVICES)
                .where(T.USERID.eq(uid.value())).fetch())
                .map(r -> new Device(r.get(T.DEVICEID), r.get(T.PLATFORM), instant(r.get(T.LASTSEEN)), r.get(T.LANG))));
    }
}
