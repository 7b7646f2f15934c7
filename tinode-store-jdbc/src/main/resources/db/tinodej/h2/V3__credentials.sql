-- Credentials under validation and validated (Tinode's credentials table). 'synthetic' carries
-- the uniqueness rule: 'method:value' once validated (one owner across users), 'usrXXX:method:value'
-- while not (one claim per user). A claim replaced by a newer one is deactivated (deletedat), not
-- deleted, so its retry count survives being claimed again.
CREATE TABLE credentials (
  synthetic VARCHAR(192) NOT NULL PRIMARY KEY,
  userid    BIGINT       NOT NULL,
  method    VARCHAR(16)  NOT NULL,
  credval   VARCHAR(128) NOT NULL,
  resp      VARCHAR(255) NOT NULL,
  done      BOOLEAN      NOT NULL DEFAULT FALSE,
  retries   INT          NOT NULL DEFAULT 0,
  createdat TIMESTAMP(3) NOT NULL,
  updatedat TIMESTAMP(3) NOT NULL,
  deletedat TIMESTAMP(3)
);
CREATE INDEX credentials_userid ON credentials(userid, method);
-- Tinode's persistent cache (kvmeta): password-reset codes and the like.
CREATE TABLE kvmeta (
  k         VARCHAR(255) NOT NULL PRIMARY KEY,
  v         CHARACTER VARYING,
  createdat TIMESTAMP(3) NOT NULL
);
CREATE INDEX kvmeta_createdat ON kvmeta(createdat);
