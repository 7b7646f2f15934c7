package io.github.tinodej.internal.cred;

import com.google.gson.JsonElement;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Credential;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.validate.CredentialValidator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credential steps shared by {@code {acc}}, {@code {login}} and {@code me} (Tinode's
 * {@code addCreds}, {@code validatedCreds}, {@code deleteCred} in {@code server/user.go}). They
 * touch the store and the validators only; callers apply the resulting tag changes where the user
 * record lives. May block: run on a pool or an actor.
 */
public final class CredOps {
    private final Validators validators;
    private final Store store;

    public CredOps(Validators validators, Store store) {
        this.validators = validators;
        this.store = store;
    }

    public Validators validators() {
        return validators;
    }

    /**
     * Tinode's {@code normalizeCredentials}: credentials of enabled methods only (with a value when
     * {@code valueRequired}), the last one of each method winning.
     */
    public List<ClientMessage.Cred> normalize(List<ClientMessage.Cred> creds, boolean valueRequired) {
        if (creds == null || creds.isEmpty()) {
            return List.of();
        }
        Map<String, ClientMessage.Cred> byMethod = new LinkedHashMap<>();
        for (ClientMessage.Cred c : creds) {
            if (c != null && validators.get(c.meth) != null && (!valueRequired || c.val != null && !c.val.isEmpty())) {
                byMethod.put(c.meth, c);
            }
        }
        return List.copyOf(byMethod.values());
    }

    /** A credential's params as the validators take them (strings only). */
    public static Map<String, String> params(ClientMessage.Cred c) {
        Map<String, String> p = new LinkedHashMap<>();
        if (c.params != null) {
            for (Map.Entry<String, JsonElement> e : c.params.entrySet()) {
                if (e.getValue() != null && e.getValue().isJsonPrimitive()) {
                    p.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        return p;
    }

    /**
     * The methods validated in one step and the tags that follow.
     *
     * @param methods validated methods
     * @param tags tags to add to the user ({@code method:value}), for methods with {@code add_to_tags}
     */
    public record Outcome(Set<String> methods, List<String> tags) {
    }

    /**
     * Records claims and sends validation requests ({@code addCreds}); unknown methods are skipped.
     * A claim answered in the same request (validators that accept it) counts as validated.
     */
    public Outcome addCreds(Uid uid, List<ClientMessage.Cred> creds, String lang, byte[] tmpToken) {
        Set<String> validated = new LinkedHashSet<>();
        List<String> tags = new ArrayList<>();
        for (ClientMessage.Cred c : creds) {
            CredentialValidator v = validators.get(c.meth);
            if (v == null || c.val == null || c.val.isEmpty()) {
                // Unknown methods are skipped, as are empty values (Tinode would store those).
                continue;
            }
            String resp = c.resp == null ? "" : c.resp;
            boolean isNew = v.request(uid, c.val == null ? "" : c.val, lang, resp, tmpToken);
            if (isNew && !resp.isEmpty()) {
                validated.add(c.meth);
                if (validators.addsToTags(c.meth)) {
                    tags.add(c.meth + ":" + c.val);
                }
            }
        }
        return new Outcome(validated, tags);
    }

    /**
     * Checks the responses in {@code creds} ({@code validatedCreds}) and returns every method the
     * user has validated, these included. Nothing is checked when the level requires nothing.
     *
     * @param errorOnFail whether a wrong response fails ({@code INVALID_RESPONSE}) or is skipped
     */
    public Outcome validatedCreds(Uid uid, AuthLevel level, List<ClientMessage.Cred> creds, boolean errorOnFail) {
        if (validators.requiredFor(level).isEmpty()) {
            return new Outcome(Set.of(), List.of());
        }
        Set<String> methods = new LinkedHashSet<>();
        for (Credential c : store.getCredentials(uid, null, true)) {
            methods.add(c.method());
        }
        List<String> tags = new ArrayList<>();
        for (ClientMessage.Cred c : normalize(creds, false)) {
            if (c.resp == null || c.resp.isEmpty()) {
                continue;
            }
            String value;
            try {
                value = validators.get(c.meth).check(uid, c.resp);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.CREDENTIALS) {
                    throw e;
                }
                if (errorOnFail) {
                    throw new StoreException(StoreException.Kind.INVALID_RESPONSE, "invalid response");
                }
                continue;
            }
            methods.add(c.meth);
            if (validators.addsToTags(c.meth)) {
                tags.add(c.meth + ":" + value);
            }
        }
        return new Outcome(methods, tags);
    }

    /** The level's required methods not in {@code validated}, in registration order. */
    public List<String> missing(AuthLevel level, Collection<String> validated) {
        List<String> out = new ArrayList<>();
        for (String m : validators.requiredFor(level)) {
            if (!validated.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Deletes one value ({@code deleteCred}). A required method keeps at least one validated value
     * ({@code POLICY} otherwise); a value that was not there is no error.
     *
     * @return the tag to take off the user, or null when the method adds no tags
     * @throws StoreException {@code MALFORMED} for an unknown method or a missing value
     */
    public String deleteCred(Uid uid, AuthLevel level, ClientMessage.Cred cred) {
        CredentialValidator v = validators.get(cred.meth);
        if (v == null || cred.val == null || cred.val.isEmpty()) {
            throw new StoreException(StoreException.Kind.MALFORMED, "unknown method or no value");
        }
        if (validators.requiredFor(level).contains(cred.meth)) {
            boolean ok = false;
            for (Credential c : store.getCredentials(uid, cred.meth, false)) {
                if (c.done() && !c.value().equals(cred.val) || !c.done() && c.value().equals(cred.val)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new StoreException(StoreException.Kind.POLICY, "the only validated " + cred.meth);
            }
        }
        try {
            v.remove(uid, cred.val);
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        return validators.addsToTags(cred.meth) ? cred.meth + ":" + cred.val : null;
    }

    /** Removes every credential of the user (account deletion). */
    public void deleteAll(Uid uid) {
        for (CredentialValidator v : validators.all()) {
            try {
                v.delete(uid);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}
