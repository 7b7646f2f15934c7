package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * reliability.md AZ rows not covered by GroupPermissionTest and ChannelTest: reads without R
 * whichever side lacks it (AZ-01), writes without W in the wanted mode (AZ-02), the delete age
 * (AZ-04), acting for others (AZ-05), anonymous users (AZ-06), tokens of accounts that are gone
 * (AZ-07), bad tokens over the wire (AZ-08) and root-only requests (AZ-11).
 */
class AuthorizationTest extends EngineTest {

    /** A group owned by {@code owner} with {@code member} in it, given {@code given}, wanting {@code want}. */
    private String group(TestClient owner, TestClient member, String given, String want) {
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        owner.send("{\"pub\":{\"id\":\"m1\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"secret history\"}}");
        owner.ctrlFor("m1");
        owner.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\""
                + member.userId() + "\",\"mode\":\"" + given + "\"}}"));
        member.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + grp + "\"}}");
        member.ctrlFor("3");
        if (want != null) {
            member.send("{\"set\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"" + want + "\"}}}");
            member.ctrlFor("4");
        }
        return grp;
    }

    private static JsonObject nextMeta(TestClient c) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("meta")) {
                return f.getAsJsonObject("meta");
            }
        }
    }

    /** Every frame up to the reply to {@code id}, the reply last. */
    private static List<JsonObject> framesUntil(TestClient c, String id) {
        List<JsonObject> frames = new ArrayList<>();
        while (true) {
            JsonObject f = c.next();
            frames.add(f);
            if (f.has("ctrl") && f.getAsJsonObject("ctrl").has("id")
                    && id.equals(f.getAsJsonObject("ctrl").get("id").getAsString())) {
                return frames;
            }
        }
    }

    /** AZ-01: without R in the given or in the wanted mode, no message content in any frame. */
    @ParameterizedTest(name = "given {0}, want {1}: {2}")
    @CsvSource({
        "JRWPS,  ,      208",
        "JWPS,   ,      403",
        "JPS,    ,      403",
        "JRWPS, JWPS,   403",
        "JRWPS, JPS,    403",
        "JRWPSD, JWPSD, 403",
    })
    void readWithoutR_givenOrWanted_403_andNoContentLeaks(String given, String want, int expected) {
        TestClient owner = user("owner");
        TestClient member = user("member");
        String grp = group(owner, member, given, want);
        member.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        List<JsonObject> frames = framesUntil(member, "g");
        assertThat(frames.get(frames.size() - 1).getAsJsonObject("ctrl").get("code").getAsInt()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(frames).noneMatch(f -> f.toString().contains("secret history"));
            // Nor on re-subscribing with a data query, nor by asking for deletions.
            member.send("{\"leave\":{\"id\":\"l\",\"topic\":\"" + grp + "\"}}");
            member.ctrlFor("l");
            member.send("{\"sub\":{\"id\":\"s\",\"topic\":\"" + grp + "\",\"get\":{\"what\":\"desc sub data del\"}}}");
            List<JsonObject> more = new java.util.ArrayList<>(framesUntil(member, "s"));
            // Asked once attached (sent at once, it raced the sub: 403 before it attached, 204 after).
            member.send("{\"get\":{\"id\":\"d\",\"topic\":\"" + grp + "\",\"what\":\"del\"}}");
            more.addAll(framesUntil(member, "d"));
            // Go's replyGetDel: without R, no content rather than the deletions.
            assertThat(more.get(more.size() - 1).getAsJsonObject("ctrl").get("code").getAsInt()).isEqualTo(204);
            assertThat(more).noneMatch(f -> f.toString().contains("secret history"));
            assertThat(more).noneMatch(f -> f.has("data"));
        }
    }

    /** AZ-02: W given but not wanted is no W. */
    @Test
    void publishWithoutWInWantedMode_403() {
        TestClient owner = user("owner");
        TestClient member = user("member");
        String grp = group(owner, member, "JRWPS", "JRPS");
        member.send("{\"pub\":{\"id\":\"p\",\"topic\":\"" + grp + "\",\"content\":\"x\"}}");
        assertThat(member.ctrlFor("p").get("code").getAsInt()).isEqualTo(403);
    }

    /**
     * AZ-04: with D, a hard delete leaves out messages older than msg_delete_age (600 s) without
     * an error, as Go passes the age to its store; its code applies the age to owners too,
     * whatever the comment in tinode.conf says.
     */
    @Test
    void hardDelete_messagesOlderThanTheDeleteAge_silentlyKept_forOwnerToo() {
        TestClient owner = user("owner");
        TestClient member = user("member");
        String grp = group(owner, member, "JRWPSD", null);
        clock.advance(Duration.ofSeconds(601));
        owner.send("{\"pub\":{\"id\":\"m2\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"recent\"}}");
        owner.ctrlFor("m2");
        member.send("{\"del\":{\"id\":\"d\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"hard\":true,"
                + "\"delseq\":[{\"low\":1,\"hi\":3}]}}");
        assertThat(member.ctrlFor("d").get("code").getAsInt()).isEqualTo(200);
        owner.send("{\"del\":{\"id\":\"d2\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"hard\":true,"
                + "\"delseq\":[{\"low\":1}]}}");
        assertThat(owner.ctrlFor("d2").get("code").getAsInt()).isEqualTo(200);
        owner.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        List<JsonObject> frames = framesUntil(owner, "g");
        assertThat(frames).filteredOn(f -> f.has("data")).extracting(f -> f.getAsJsonObject("data").get("content").getAsString())
                .containsExactly("secret history");
    }

    /** AZ-05: acting for someone else, Go's session.dispatch rules. */
    @Test
    void onBehalfOf_nonRoot403_rootMalformed400() {
        TestClient victim = user("victim");
        TestClient mallory = user("mallory");
        String[] asOthers = {
            "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"content\":\"x\"},\"extra\":{\"obo\":\"" + victim.userId() + "\"}}",
            "{\"get\":{\"id\":\"2\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"authlevel\":\"root\"}}",
            "{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"authlevel\":\"AUTH\"}}",
            "{\"acc\":{\"id\":\"4\",\"user\":\"" + victim.userId() + "\",\"scheme\":\"basic\",\"secret\":\""
                    + TestClient.b64(":new-password") + "\"},\"extra\":{\"obo\":\"" + victim.userId() + "\"}}",
        };
        for (String f : asOthers) {
            mallory.send(f);
            JsonObject ctrl = mallory.ctrl();
            assertThat(ctrl.get("code").getAsInt()).as(f).isEqualTo(403);
            assertThat(ctrl.has("id")).isFalse();
        }
        // An authlevel Go cannot parse is no authlevel at all.
        mallory.send("{\"get\":{\"id\":\"5\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"authlevel\":\"sudo\"}}");
        assertThat(mallory.next("meta").get("id").getAsString()).isEqualTo("5");

        TestClient root = root("boss");
        root.send("{\"get\":{\"id\":\"6\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"obo\":\"usr!!!\"}}");
        assertThat(root.ctrl().get("code").getAsInt()).isEqualTo(400);
        root.send("{\"get\":{\"id\":\"7\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"authlevel\":\"auth\"}}");
        assertThat(root.ctrl().get("code").getAsInt()).isEqualTo(400);
        // A valid obo is acted on: OnBehalfTest.
    }

    /** AZ-06: an anonymous account gets the anonymous default access, and cannot raise its level. */
    @Test
    void anonymousUser_limitedToAnonDefaults_cannotClaimAuthLevel() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\",\"set\":{\"desc\":"
                + "{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"JR\"}}}}")).get("topic").getAsString();
        String closed = owner.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"new\",\"set\":{\"desc\":"
                + "{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"N\"}}}}")).get("topic").getAsString();
        TestClient anon = client();
        anon.hi();
        JsonObject created = anon.request("acc", TestClient.json("{\"id\":\"a\",\"user\":\"new\",\"scheme\":\"anonymous\","
                + "\"login\":true}"));
        assertThat(created.getAsJsonObject("params").get("authlvl").getAsString()).isEqualTo("anon");

        anon.send("{\"sub\":{\"id\":\"s1\",\"topic\":\"" + grp + "\"}}");
        assertThat(anon.ctrlFor("s1").get("code").getAsInt()).isEqualTo(200);
        anon.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        JsonObject acs = anon.next("meta").getAsJsonObject("desc").getAsJsonObject("acs");
        assertThat(acs.get("given").getAsString()).isEqualTo("JR");
        // Wanting more than the anonymous default does not give it.
        anon.send("{\"set\":{\"id\":\"w\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"JRWPS\"}}}");
        anon.ctrlFor("w");
        anon.send("{\"pub\":{\"id\":\"p\",\"topic\":\"" + grp + "\",\"content\":\"spam\"}}");
        assertThat(anon.ctrlFor("p").get("code").getAsInt()).isEqualTo(403);
        // A topic closed to anonymous users stays closed.
        anon.send("{\"sub\":{\"id\":\"s2\",\"topic\":\"" + closed + "\"}}");
        assertThat(anon.ctrlFor("s2").get("code").getAsInt()).isEqualTo(403);
        // Claiming the auth level is acting as someone else: root only.
        anon.send("{\"sub\":{\"id\":\"s3\",\"topic\":\"" + closed + "\"},\"extra\":{\"authlevel\":\"auth\"}}");
        assertThat(anon.ctrl().get("code").getAsInt()).isEqualTo(403);
        // Nor can it open the group to anonymous users by changing its default access.
        anon.send("{\"set\":{\"id\":\"d\",\"topic\":\"" + grp + "\",\"desc\":{\"defacs\":{\"anon\":\"JRWPS\"}}}}");
        assertThat(anon.ctrlFor("d").get("code").getAsInt()).isEqualTo(403);
        owner.send("{\"get\":{\"id\":\"o\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        assertThat(nextMeta(owner).getAsJsonObject("desc").getAsJsonObject("defacs").get("anon").getAsString())
                .isEqualTo("JR");
    }

    /** AZ-07 over the protocol (the file endpoints are in FileAbuseTest, long polling in LongPollTest). */
    @Test
    void tokenOfSuspendedOrDeletedUser_loginRefused() {
        TestClient a = user("leaver");
        String token = a.token();
        Uid uid = Uid.parseUserId(a.userId());
        store.updateUser(store.getUser(uid).orElseThrow().withState(ObjectState.SUSPENDED, clock.instant()));
        TestClient c = client();
        c.hi();
        assertThat(c.login("token", token).get("code").getAsInt()).isEqualTo(403);
        assertThat(c.loginBasic("leaver", "leaver-secret").get("code").getAsInt()).isEqualTo(403);

        store.updateUser(store.getUser(uid).orElseThrow().withState(ObjectState.OK, clock.instant()));
        assertThat(c.login("token", token).get("code").getAsInt()).isEqualTo(200);
        // Deleting the account ends its sessions; the token is worthless after.
        c.send("{\"del\":{\"id\":\"del\",\"what\":\"user\"}}");
        assertThat(c.ctrlFor("del").get("code").getAsInt()).isEqualTo(200);
        assertThat(a.awaitClosedByServer()).isTrue();
        TestClient later = client();
        later.hi();
        JsonObject gone = later.login("token", token);
        assertThat(gone.get("code").getAsInt()).isIn(401, 403);
    }

    /** AZ-08: each way a token can be bad, with Go's code for it. */
    @Test
    void badTokens_overTheWire_goCodes() {
        TestClient a = user("holder");
        Uid uid = Uid.parseUserId(a.userId());
        TokenAuthenticator sameKeyOtherSerial = new TokenAuthenticator(TestServers.TOKEN_KEY, Duration.ofDays(14), 2);
        TokenAuthenticator sameKey = new TokenAuthenticator(TestServers.TOKEN_KEY, Duration.ofDays(14), 1);
        TokenAuthenticator oldKey = new TokenAuthenticator("an-old-key-an-old-key-an-old-key".getBytes(),
                Duration.ofDays(14), 1);
        java.time.Instant valid = clock.instant().plus(Duration.ofDays(1));
        TestClient c = client();
        c.hi();
        assertThat(c.login("token", b64(sameKeyOtherSerial.issue(uid, AuthLevel.AUTH, valid, 0))).get("code").getAsInt())
                .isEqualTo(401);
        assertThat(c.login("token", b64(oldKey.issue(uid, AuthLevel.AUTH, valid, 0))).get("code").getAsInt())
                .isEqualTo(401);
        assertThat(c.login("token", b64(sameKey.issue(uid, AuthLevel.AUTH, clock.instant().minusSeconds(1), 0)))
                .get("code").getAsInt()).isEqualTo(401);
        // A level above root, signed with the right key: malformed (Go's auth_token.go).
        byte[] overRoot = sameKey.issue(uid, AuthLevel.AUTH, valid, 0);
        overRoot[12] = 40;
        resign(overRoot);
        assertThat(c.login("token", b64(overRoot)).get("code").getAsInt()).isEqualTo(400);
        // Truncated by one byte: malformed; one byte more is ignored, as in Go.
        byte[] good = sameKey.issue(uid, AuthLevel.AUTH, valid, 0);
        assertThat(c.login("token", b64(java.util.Arrays.copyOf(good, 49))).get("code").getAsInt()).isEqualTo(400);
        assertThat(c.login("token", b64(java.util.Arrays.copyOf(good, 51))).get("code").getAsInt()).isEqualTo(200);
    }

    private static void resign(byte[] token) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(TestServers.TOKEN_KEY, "HmacSHA256"));
            mac.update(token, 0, 18);
            System.arraycopy(mac.doFinal(), 0, token, 18, 32);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** AZ-11: what only root may do, asked by an ordinary user. */
    @Test
    void rootOnlyRequests_fromOrdinaryUser_403() {
        TestClient victim = user("victim");
        TestClient c = user("ordinary");
        String[] requests = {
            // Change another user's password, suspend them, or suspend oneself.
            "{\"acc\":{\"id\":\"1\",\"user\":\"" + victim.userId() + "\",\"scheme\":\"basic\",\"secret\":\""
                    + TestClient.b64(":hijacked-pw") + "\"}}",
            "{\"acc\":{\"id\":\"2\",\"user\":\"" + victim.userId() + "\",\"status\":\"suspended\"}}",
            "{\"acc\":{\"id\":\"3\",\"status\":\"suspended\",\"scheme\":\"basic\",\"secret\":\""
                    + TestClient.b64(":whatever-pw") + "\"}}",
            // Delete another user.
            "{\"del\":{\"id\":\"4\",\"what\":\"user\",\"user\":\"" + victim.userId() + "\",\"hard\":true}}",
            // Trusted fields are set by root only.
            "{\"set\":{\"id\":\"5\",\"topic\":\"me\",\"desc\":{\"trusted\":{\"verified\":true}}}}",
            // Subscribe to sys.
            "{\"sub\":{\"id\":\"6\",\"topic\":\"sys\"}}",
        };
        c.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        for (String r : requests) {
            c.send(r);
            assertThat(c.nextCtrlSkippingOthers().get("code").getAsInt()).as(r).isEqualTo(403);
        }
        TestClient v = client();
        v.hi();
        assertThat(v.loginBasic("victim", "victim-secret").get("code").getAsInt()).isEqualTo(200);
    }
}
