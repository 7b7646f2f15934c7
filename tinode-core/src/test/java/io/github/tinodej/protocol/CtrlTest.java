package io.github.tinodej.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Freezes every ctrl code and text: clients compare the texts literally. */
class CtrlTest {

    @Test
    void codesAndTexts_matchTinodeExactly() {
        Map<String, String> actual = new LinkedHashMap<>();
        for (Ctrl c : Ctrl.values()) {
            actual.put(c.name(), c.code() + " " + c.text());
        }
        Map<String, String> golden = new LinkedHashMap<>();
        golden.put("OK", "200 ok");
        golden.put("CREATED", "201 created");
        golden.put("ACCEPTED", "202 accepted");
        golden.put("NO_CONTENT", "204 no content");
        golden.put("EVICTED", "205 evicted");
        golden.put("SHUTDOWN", "205 server shutdown");
        golden.put("DELIVERED", "208 delivered");
        golden.put("VALIDATE_CREDENTIALS", "300 validate credentials");
        golden.put("CHALLENGE", "300 challenge");
        golden.put("AUTH_RESET", "301 auth reset");
        golden.put("USE_OTHER", "303 use other");
        golden.put("ALREADY_SUBSCRIBED", "304 already subscribed");
        golden.put("NOT_JOINED", "304 not joined");
        golden.put("NO_ACTION", "304 no action");
        golden.put("NOT_MODIFIED", "304 not modified");
        golden.put("FOUND", "307 found");
        golden.put("MALFORMED", "400 malformed");
        golden.put("AUTH_REQUIRED", "401 authentication required");
        golden.put("AUTH_FAILED", "401 authentication failed");
        golden.put("AUTH_UNKNOWN_SCHEME", "401 unknown authentication scheme");
        golden.put("PERMISSION_DENIED", "403 permission denied");
        golden.put("API_KEY_REQUIRED", "403 valid API key required");
        golden.put("SESSION_NOT_FOUND", "403 invalid or expired session");
        golden.put("TOPIC_NOT_FOUND", "404 topic not found");
        golden.put("USER_NOT_FOUND", "404 user not found");
        golden.put("NOT_FOUND", "404 not found");
        golden.put("OPERATION_NOT_ALLOWED", "405 operation or method not allowed");
        golden.put("INVALID_RESPONSE", "406 invalid response");
        golden.put("DISCONNECTED", "408 disconnected");
        golden.put("ALREADY_AUTHENTICATED", "409 already authenticated");
        golden.put("DUPLICATE_CREDENTIAL", "409 duplicate credential");
        golden.put("ATTACH_FIRST", "409 must attach first");
        golden.put("ALREADY_EXISTS", "409 already exists");
        golden.put("COMMAND_OUT_OF_SEQUENCE", "409 command out of sequence");
        golden.put("GONE", "410 gone");
        golden.put("TOO_LARGE", "413 too large");
        golden.put("POLICY", "422 policy violation");
        golden.put("TOO_MANY_REQUESTS", "429 too many requests");
        golden.put("CALL_BUSY", "486 busy here");
        golden.put("INTERNAL", "500 internal error");
        golden.put("NOT_IMPLEMENTED", "501 not implemented");
        golden.put("CLUSTER_UNREACHABLE", "502 cluster unreachable");
        golden.put("SERVICE_UNAVAILABLE", "503 service unavailable");
        golden.put("LOCKED", "503 locked");
        golden.put("VERSION_NOT_SUPPORTED", "505 version not supported");
        assertThat(actual).containsExactlyEntriesOf(golden);
    }

    @Test
    void toFrame_isTheHttpErrorBody() {
        assertThat(Ctrl.API_KEY_REQUIRED.toFrame(Instant.parse("2026-03-04T05:06:07.890Z")))
                .isEqualTo("{\"ctrl\":{\"code\":403,\"text\":\"valid API key required\",\"ts\":\"2026-03-04T05:06:07.89Z\"}}");
    }
}
