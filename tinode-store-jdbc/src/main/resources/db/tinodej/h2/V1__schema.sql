-- tinodej schema, close to Tinode's (server/db/mysql/schema.sql) so an operator recognises it.
-- Times are UTC with millisecond precision; JSON values are stored as the exact text clients sent.
CREATE TABLE users (
  id         BIGINT       NOT NULL PRIMARY KEY,
  createdat  TIMESTAMP(3) NOT NULL,
  updatedat  TIMESTAMP(3) NOT NULL,
  state      SMALLINT     NOT NULL DEFAULT 0,
  stateat    TIMESTAMP(3),
  access_auth VARCHAR(16) NOT NULL,
  access_anon VARCHAR(16) NOT NULL,
  public     CHARACTER VARYING,
  trusted    CHARACTER VARYING,
  tags       CHARACTER VARYING,
  lastseen   TIMESTAMP(3),
  useragent  VARCHAR(255)
);
CREATE TABLE usertags (
  userid BIGINT      NOT NULL,
  tag    VARCHAR(128) NOT NULL,
  PRIMARY KEY (userid, tag)
);
CREATE INDEX usertags_tag ON usertags(tag);
CREATE TABLE auth (
  uname   VARCHAR(300) NOT NULL PRIMARY KEY,
  userid  BIGINT       NOT NULL,
  scheme  VARCHAR(16)  NOT NULL,
  authlvl SMALLINT     NOT NULL,
  secret  VARBINARY(255),
  expires TIMESTAMP(3)
);
CREATE UNIQUE INDEX auth_userid_scheme ON auth(userid, scheme);
CREATE TABLE topics (
  name       VARCHAR(32)  NOT NULL PRIMARY KEY,
  createdat  TIMESTAMP(3) NOT NULL,
  updatedat  TIMESTAMP(3) NOT NULL,
  touchedat  TIMESTAMP(3),
  state      SMALLINT     NOT NULL DEFAULT 0,
  stateat    TIMESTAMP(3),
  usebt      BOOLEAN      NOT NULL DEFAULT FALSE,
  owner      BIGINT       NOT NULL DEFAULT 0,
  access_auth VARCHAR(16) NOT NULL,
  access_anon VARCHAR(16) NOT NULL,
  seqid      INT          NOT NULL DEFAULT 0,
  delid      INT          NOT NULL DEFAULT 0,
  public     CHARACTER VARYING,
  trusted    CHARACTER VARYING,
  tags       CHARACTER VARYING,
  aux        CHARACTER VARYING
);
CREATE TABLE topictags (
  topic VARCHAR(32)  NOT NULL,
  tag   VARCHAR(128) NOT NULL,
  PRIMARY KEY (topic, tag)
);
CREATE INDEX topictags_tag ON topictags(tag);
CREATE TABLE subscriptions (
  topic     VARCHAR(32)  NOT NULL,
  userid    BIGINT       NOT NULL,
  createdat TIMESTAMP(3) NOT NULL,
  updatedat TIMESTAMP(3) NOT NULL,
  deletedat TIMESTAMP(3),
  modewant  VARCHAR(16)  NOT NULL,
  modegiven VARCHAR(16)  NOT NULL,
  private   CHARACTER VARYING,
  readseqid INT NOT NULL DEFAULT 0,
  recvseqid INT NOT NULL DEFAULT 0,
  delid     INT NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, userid)
);
CREATE INDEX subscriptions_userid ON subscriptions(userid);
CREATE TABLE messages (
  topic     VARCHAR(32)  NOT NULL,
  seqid     INT          NOT NULL,
  createdat TIMESTAMP(3) NOT NULL,
  fromuid   BIGINT       NOT NULL DEFAULT 0,
  head      CHARACTER VARYING,
  content   CHARACTER VARYING,
  delid     INT NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, seqid)
);
CREATE TABLE dellog (
  topic      VARCHAR(32) NOT NULL,
  delid      INT         NOT NULL,
  deletedfor BIGINT      NOT NULL DEFAULT 0,
  low        INT         NOT NULL,
  hi         INT         NOT NULL DEFAULT 0
);
CREATE INDEX dellog_topic_delid ON dellog(topic, delid);
CREATE TABLE devices (
  userid   BIGINT       NOT NULL,
  deviceid VARCHAR(512) NOT NULL,
  platform VARCHAR(32)  NOT NULL,
  lastseen TIMESTAMP(3) NOT NULL,
  lang     VARCHAR(64)  NOT NULL,
  PRIMARY KEY (userid, deviceid)
);
