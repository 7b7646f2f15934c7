-- A push token belongs to one account: registering it for a user removes it from any other
-- (Tinode keys devices by a hash of the token for the same reason). This finds those rows.
CREATE INDEX devices_deviceid ON devices (deviceid);
