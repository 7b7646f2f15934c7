package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.media.MediaUrls;
import io.github.tinodej.media.StoredFile;
import io.github.tinodej.media.Thumbnailer;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads referenced through {@code extra.attachments} (issue 12): who may reference what, and
 * that the references go with the messages, topics and accounts holding them, so that garbage
 * collection takes the files afterwards.
 */
class AttachmentLinksTest extends EngineTest {
    @TempDir
    Path dir;
    private FileSystemMediaStore media;

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        try {
            media = new FileSystemMediaStore(dir, clock, new Thumbnailer(64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.media(media);
    }

    private StoredFile upload(Uid owner, String text) throws IOException {
        return media.store(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text/plain", 1000, owner);
    }

    private static String url(StoredFile f) {
        return MediaUrls.PREFIX + f.id() + ".txt";
    }

    private static Uid uid(TestClient c) {
        return Uid.parseUserId(c.userId());
    }

    private static String attachments(String... urls) {
        StringBuilder sb = new StringBuilder(",\"extra\":{\"attachments\":[");
        for (int i = 0; i < urls.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(urls[i]).append('"');
        }
        return sb.append("]}").toString();
    }

    private static JsonObject send(TestClient c, String id, String frame) {
        c.send(frame);
        return c.ctrlFor(id);
    }

    private static int publish(TestClient c, String topic, String id, String... urls) {
        JsonObject ack = send(c, id, "{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"content\":\"see\"}"
                + attachments(urls) + "}");
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        return ack.getAsJsonObject("params").get("seq").getAsInt();
    }

    private boolean referenced(StoredFile f) {
        return store.referencedFiles(List.of(f.id())).contains(f.id());
    }

    /** What the engine's periodic collection does, an hour after the uploads. */
    private void collectGarbage() throws IOException {
        clock.advance(Duration.ofHours(2));
        media.collectGarbage(clock.instant().minus(Duration.ofHours(1)), store::referencedFiles);
    }

    private static String createGroup(TestClient owner, String... avatar) {
        JsonObject ctrl = send(owner, "g", "{\"sub\":{\"id\":\"g\",\"topic\":\"new1\",\"set\":{\"desc\":"
                + "{\"public\":{\"fn\":\"Club\"}}}}" + (avatar.length == 0 ? "" : attachments(avatar)) + "}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        return ctrl.get("topic").getAsString();
    }

    // ---- references go with what holds them ----

    @Test
    void messageHardDeleted_itsUploadCollected() throws Exception {
        TestClient a = user("alice");
        String grp = createGroup(a);
        StoredFile f = upload(uid(a), "photo");
        StoredFile g = upload(uid(a), "other");
        int seq = publish(a, grp, "p1", url(f));
        publish(a, grp, "p2", url(g));
        assertThat(referenced(f)).isTrue();

        // Deleting for oneself only hides the message: the file stays.
        send(a, "d1", "{\"del\":{\"id\":\"d1\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":" + seq
                + "}]}}");
        assertThat(referenced(f)).isTrue();
        JsonObject del = send(a, "d2", "{\"del\":{\"id\":\"d2\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":"
                + "[{\"low\":" + seq + "}],\"hard\":true}}");
        assertThat(del.get("code").getAsInt()).isEqualTo(200);
        assertThat(referenced(f)).isFalse();

        collectGarbage();
        assertThat(media.find(f.id())).isEmpty();
        assertThat(media.find(g.id())).isPresent();
    }

    @Test
    void topicHardDeleted_messageAndAvatarUploadsCollected() throws Exception {
        TestClient a = user("alice");
        StoredFile avatar = upload(uid(a), "avatar");
        String grp = createGroup(a, url(avatar));
        StoredFile f = upload(uid(a), "in a message");
        publish(a, grp, "p1", url(f));
        assertThat(referenced(avatar)).isTrue();
        assertThat(referenced(f)).isTrue();

        JsonObject del = send(a, "dt", "{\"del\":{\"id\":\"dt\",\"topic\":\"" + grp + "\",\"what\":\"topic\",\"hard\":true}}");
        assertThat(del.get("code").getAsInt()).isEqualTo(200);
        collectGarbage();
        assertThat(media.find(avatar.id())).isEmpty();
        assertThat(media.find(f.id())).isEmpty();
    }

    @Test
    void avatarReplaced_oldOneCollected() throws Exception {
        TestClient a = user("alice");
        send(a, "m", "{\"sub\":{\"id\":\"m\",\"topic\":\"me\"}}");
        StoredFile first = upload(uid(a), "first");
        StoredFile second = upload(uid(a), "second");
        assertThat(send(a, "s1", "{\"set\":{\"id\":\"s1\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"A\",\"photo\":"
                + "{\"ref\":\"" + url(first) + "\"}}}}" + attachments(url(first)) + "}").get("code").getAsInt())
                .isEqualTo(200);
        assertThat(referenced(first)).isTrue();
        send(a, "s2", "{\"set\":{\"id\":\"s2\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"A\",\"photo\":"
                + "{\"ref\":\"" + url(second) + "\"}}}}" + attachments(url(second)) + "}");
        assertThat(referenced(first)).isFalse();
        assertThat(referenced(second)).isTrue();
        collectGarbage();
        assertThat(media.find(first.id())).isEmpty();
        assertThat(media.find(second.id())).isPresent();
    }

    @Test
    void signUpAvatar_keptUntilTheAccountIsHardDeleted() throws Exception {
        // Uploaded before the account exists, so without an owner (FileEndpoint's topic=newacc).
        StoredFile avatar = upload(Uid.ZERO, "sign-up avatar");
        TestClient c = client();
        c.hi();
        JsonObject created = send(c, "new", "{\"acc\":{\"id\":\"new\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("carol:carol-secret") + "\",\"login\":true,\"desc\":{\"public\":{\"fn\":\"Carol\","
                + "\"photo\":{\"ref\":\"" + url(avatar) + "\"}}}}" + attachments(url(avatar)) + "}");
        assertThat(created.get("code").getAsInt()).isEqualTo(200);
        assertThat(referenced(avatar)).isTrue();
        collectGarbage();
        assertThat(media.find(avatar.id())).isPresent();

        assertThat(send(c, "bye", "{\"del\":{\"id\":\"bye\",\"what\":\"user\",\"hard\":true}}").get("code").getAsInt())
                .isEqualTo(200);
        assertThat(referenced(avatar)).isFalse();
        collectGarbage();
        assertThat(media.find(avatar.id())).isEmpty();
    }

    // ---- who may reference what ----

    @Test
    void othersUnsentUpload_ignored_messageStillAccepted() throws Exception {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        String grp = createGroup(a);
        StoredFile bobs = upload(uid(b), "bob's draft");
        StoredFile signUp = upload(Uid.ZERO, "someone's sign-up avatar");
        StoredFile own = upload(uid(a), "alice's");
        publish(a, grp, "p1", url(bobs), url(signUp), url(own), "/v0/file/s/AAAAAAAAAAA.txt",
                "https://elsewhere.example/v0/file/s/" + own.id() + ".txt");
        assertThat(referenced(bobs)).isFalse();
        assertThat(referenced(signUp)).isFalse();
        assertThat(referenced(own)).isTrue();
        collectGarbage();
        assertThat(media.find(bobs.id())).isEmpty();
        assertThat(media.find(own.id())).isPresent();
    }

    @Test
    void forwardedUpload_alreadyReferenced_keptByTheForwardedCopy() throws Exception {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        String grp = createGroup(a);
        send(b, "j", "{\"sub\":{\"id\":\"j\",\"topic\":\"" + grp + "\"}}");
        StoredFile bobs = upload(uid(b), "bob's photo");
        int original = publish(b, grp, "b1", url(bobs));
        // The JS SDK forwards a message by sending its content again, references included.
        publish(a, grp, "a1", url(bobs));
        send(a, "d", "{\"del\":{\"id\":\"d\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":" + original
                + "}],\"hard\":true}}");
        assertThat(referenced(bobs)).isTrue();
        collectGarbage();
        assertThat(media.find(bobs.id())).isPresent();
    }

    @Test
    void refusedDescriptionChange_referencesNothing() throws Exception {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        String grp = createGroup(a);
        send(b, "j", "{\"sub\":{\"id\":\"j\",\"topic\":\"" + grp + "\"}}");
        StoredFile bobs = upload(uid(b), "bob's avatar");
        // Only the owner may change a group's public description.
        JsonObject refused = send(b, "s", "{\"set\":{\"id\":\"s\",\"topic\":\"" + grp + "\",\"desc\":{\"public\":"
                + "{\"fn\":\"Mine\"}}}" + attachments(url(bobs)) + "}");
        assertThat(refused.get("code").getAsInt()).isEqualTo(403);
        assertThat(referenced(bobs)).isFalse();
        // Nor may anyone make another user's upload a group's avatar.
        StoredFile another = upload(uid(b), "bob's other");
        send(a, "s2", "{\"set\":{\"id\":\"s2\",\"topic\":\"" + grp + "\",\"desc\":{\"public\":{\"fn\":\"Club 2\"}}}"
                + attachments(url(another)) + "}");
        assertThat(referenced(another)).isFalse();
    }
}
