package io.github.tinodej.auth.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.store.StoreException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A successful answer of the rest auth server (one without {@code err}).
 *
 * @param rec the auth record, or null
 * @param byteval {@code byteval} decoded from base64, or null
 * @param boolval {@code boolval}, false when absent
 * @param strarr {@code strarr}, empty when absent
 * @param newacc {@code newacc}, or null
 */
record RestResponse(RestRecord rec, byte[] byteval, boolean boolval, List<String> strarr, JsonObject newacc) {

    static RestResponse parse(JsonObject o) {
        try {
            JsonElement rec = RestRecord.get(o, "rec");
            String bytes = RestRecord.string(o, "byteval");
            JsonElement bool = RestRecord.get(o, "boolval");
            List<String> strarr = new ArrayList<>();
            JsonElement arr = RestRecord.get(o, "strarr");
            if (arr != null && arr.isJsonArray()) {
                arr.getAsJsonArray().forEach(e -> strarr.add(e.getAsString()));
            }
            JsonElement newacc = RestRecord.get(o, "newacc");
            return new RestResponse(
                    rec != null && rec.isJsonObject() ? RestRecord.parse(rec.getAsJsonObject()) : null,
                    bytes == null || bytes.isEmpty() ? null : Base64.getDecoder().decode(bytes),
                    bool != null && !bool.isJsonNull() && bool.getAsBoolean(),
                    List.copyOf(strarr),
                    newacc != null && newacc.isJsonObject() ? newacc.getAsJsonObject() : null);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "rest auth server sent a malformed response", e);
        }
    }

    /**
     * The failure for the server's {@code err}, as Tinode's {@code decodeStoreError} reads Go's
     * store errors; any other text is an internal error.
     */
    static StoreException error(String err, String endpoint) {
        StoreException.Kind kind = switch (err) {
            case "malformed" -> StoreException.Kind.MALFORMED;
            case "failed" -> StoreException.Kind.AUTH_FAILED;
            case "duplicate value" -> StoreException.Kind.DUPLICATE;
            case "unsupported" -> StoreException.Kind.UNSUPPORTED;
            case "expired" -> StoreException.Kind.EXPIRED;
            case "policy" -> StoreException.Kind.POLICY;
            case "credentials" -> StoreException.Kind.CREDENTIALS;
            case "user not found" -> StoreException.Kind.USER_NOT_FOUND;
            case "topic not found" -> StoreException.Kind.TOPIC_NOT_FOUND;
            case "not found" -> StoreException.Kind.NOT_FOUND;
            case "denied" -> StoreException.Kind.DENIED;
            case "invalid response" -> StoreException.Kind.INVALID_RESPONSE;
            default -> StoreException.Kind.INTERNAL;
        };
        return new StoreException(kind, "rest auth server answered " + endpoint + " with \"" + err + "\"");
    }
}
