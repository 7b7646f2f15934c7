package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import java.util.List;

/** The {@code devices} table: a user's push devices, one row per device id. Not cached. */
final class DeviceRows {
    private final Database database;

    DeviceRows(Database database) {
        this.database = database;
    }

    /**
     * Update first, insert if there was nothing to update: the same on every dialect. The token
     * leaves any other account first (Tinode's DeviceUpsert), so the next user of a shared phone
     * does not receive the pushes of the one before.
     */
    void upsert(Uid uid, Device dev) {
        Db.tx(database.db(), d -> {
            d.deleteFrom(T.DEVICES).where(T.DEVICEID.eq(dev.deviceId())).and(T.USERID.ne(uid.value())).execute();
            int n = d.update(T.DEVICES).set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen()))
                    .set(T.LANG, dev.lang()).where(T.USERID.eq(uid.value())).and(T.DEVICEID.eq(dev.deviceId())).execute();
            if (n == 0) {
                d.insertInto(T.DEVICES).set(T.USERID, uid.value()).set(T.DEVICEID, dev.deviceId())
                        .set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen())).set(T.LANG, dev.lang())
                        .execute();
            }
            return null;
        });
    }

    void delete(Uid uid, String deviceId) {
        Db.run(database.db(), d -> d.deleteFrom(T.DEVICES).where(T.USERID.eq(uid.value()))
                .and(T.DEVICEID.eq(deviceId)).execute());
    }

    List<Device> list(Uid uid) {
        return Db.run(database.db(), d -> d.select(T.DEVICE_FIELDS).from(T.DEVICES).where(T.USERID.eq(uid.value())).fetch())
                .map(r -> new Device(r.get(T.DEVICEID), r.get(T.PLATFORM), instant(r.get(T.LASTSEEN)), r.get(T.LANG)));
    }
}
