-- Which messages and descriptions reference which uploads (Tinode's filemsglinks): an upload
-- nothing references is garbage-collected. A message's references are written in the message's
-- own transaction and deleted with it (hard delete), with its topic, or with the user whose
-- profile it is. Rows of a description (topic avatar, or user avatar under the 'usr...' id) have
-- seqid 0.
CREATE TABLE filelinks (
  topic  VARCHAR(32) NOT NULL,
  seqid  INT         NOT NULL,
  fileid VARCHAR(32) NOT NULL,
  PRIMARY KEY (topic, seqid, fileid)
);
CREATE INDEX filelinks_fileid ON filelinks(fileid);
