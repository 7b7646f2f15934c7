package io.github.tinodej.model;

import java.time.Instant;
import java.util.List;

/**
 * A stored topic: group ({@code grp...}), p2p ({@code p2p...}), {@code slf...} or {@code sys}
 * ({@code topics} table in Tinode). {@code me} and {@code fnd} are never stored here. Immutable.
 *
 * @param name internal name
 * @param created creation time
 * @param updated last change of the description
 * @param touched time of the last message, may be null
 * @param state topic state
 * @param stateAt when the state last changed, may be null
 * @param channel true if the group may be read as a channel ({@code chn...})
 * @param owner the owner, {@link Uid#ZERO} for p2p and system topics
 * @param access default access
 * @param seqId the last message seq
 * @param delId the last delete transaction id
 * @param publicJson public description, may be null
 * @param trustedJson trusted description, may be null
 * @param tags normalised tags, never null
 * @param auxJson auxiliary key-value data (JSON object), may be null
 */
public record TopicRecord(String name, Instant created, Instant updated, Instant touched, ObjectState state,
        Instant stateAt, boolean channel, Uid owner, DefaultAccess access, int seqId, int delId,
        String publicJson, String trustedJson, List<String> tags, String auxJson) {

    public TopicRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
        owner = owner == null ? Uid.ZERO : owner;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
    }

    public TopicRecord withSeq(int seq, Instant touchedAt) {
        return new TopicRecord(name, created, updated, touchedAt, state, stateAt, channel, owner, access, seq, delId,
                publicJson, trustedJson, tags, auxJson);
    }

    public TopicRecord withDelId(int id) {
        return new TopicRecord(name, created, updated, touched, state, stateAt, channel, owner, access, seqId, id,
                publicJson, trustedJson, tags, auxJson);
    }

    public TopicRecord withDesc(DefaultAccess a, String pub, String trusted, Instant now) {
        return new TopicRecord(name, created, now, touched, state, stateAt, channel, owner, a, seqId, delId,
                pub, trusted, tags, auxJson);
    }

    public TopicRecord withTags(List<String> t, Instant now) {
        return new TopicRecord(name, created, now, touched, state, stateAt, channel, owner, access, seqId, delId,
                publicJson, trustedJson, t, auxJson);
    }

    public TopicRecord withAux(String aux, Instant now) {
        return new TopicRecord(name, created, now, touched, state, stateAt, channel, owner, access, seqId, delId,
                publicJson, trustedJson, tags, aux);
    }

    public TopicRecord withOwner(Uid o, Instant now) {
        return new TopicRecord(name, created, now, touched, state, stateAt, channel, o, access, seqId, delId,
                publicJson, trustedJson, tags, auxJson);
    }

    public TopicRecord withState(ObjectState s, Instant now) {
        return new TopicRecord(name, created, updated, touched, s, now, channel, owner, access, seqId, delId,
                publicJson, trustedJson, tags, auxJson);
    }
}
