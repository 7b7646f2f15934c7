package io.github.tinodej.internal.cred;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.validate.CredentialValidator;
import io.github.tinodej.validate.ValidatorEnvironment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enabled validators and what follows from their settings: which methods each level requires
 * ({@code {hi} reqCred}), which tag namespaces clients may not touch, the {@code fnd} query
 * rewrite. Immutable after construction; thread-safe.
 */
public final class Validators {
    private final Map<String, CredConfig.Registered> enabled = new LinkedHashMap<>();
    private final Map<AuthLevel, List<String>> required = new EnumMap<>(AuthLevel.class);
    private final List<String> restricted = new ArrayList<>();
    private final JsonElement reqCred;

    public Validators(List<CredConfig.Registered> all) {
        for (CredConfig.Registered r : all) {
            String m = r.validator().method();
            if (r.addToTags()) {
                // Restricted even when disabled, as in Tinode.
                restricted.add(m);
            }
            if (r.required().isEmpty()) {
                continue;
            }
            enabled.put(m, r);
            for (AuthLevel l : AuthLevel.values()) {
                if (r.required().contains(l)) {
                    required.computeIfAbsent(l, k -> new ArrayList<>()).add(m);
                }
            }
        }
        if (required.isEmpty()) {
            reqCred = JsonNull.INSTANCE;
        } else {
            JsonObject o = new JsonObject();
            required.forEach((l, ms) -> {
                JsonArray a = new JsonArray();
                ms.forEach(a::add);
                o.add(l.wireName(), a);
            });
            reqCred = o;
        }
    }

    /** Starts the enabled validators (Tinode initialises only those with {@code required} levels). */
    public void init(ValidatorEnvironment env) {
        for (CredConfig.Registered r : enabled.values()) {
            r.validator().init(env);
        }
    }

    /** The enabled validator of a method, or null. */
    public CredentialValidator get(String method) {
        CredConfig.Registered r = method == null ? null : enabled.get(method);
        return r == null ? null : r.validator();
    }

    /** True if validated values of the method become tags. */
    public boolean addsToTags(String method) {
        CredConfig.Registered r = enabled.get(method);
        return r != null && r.addToTags();
    }

    /** Every enabled validator. */
    public List<CredentialValidator> all() {
        return enabled.values().stream().map(CredConfig.Registered::validator).toList();
    }

    /** Methods the level requires, in registration order. */
    public List<String> requiredFor(AuthLevel level) {
        return required.getOrDefault(level, List.of());
    }

    /** Tag namespaces owned by validators with {@code add_to_tags}. */
    public List<String> restrictedNamespaces() {
        return List.copyOf(restricted);
    }

    /** {@code {hi}.params.reqCred}: level name to methods, or JSON null when nothing is required. */
    public JsonElement reqCred() {
        return reqCred.deepCopy();
    }

    /**
     * Tinode's {@code rewriteTag} for {@code fnd}: an unprefixed search term that one of the
     * {@code add_to_tags} validators accepts also matches its tag ({@code email:alice@example.com}).
     *
     * @return the term's tag form, or null
     */
    public String rewrite(String term, String countryCode) {
        for (CredConfig.Registered r : enabled.values()) {
            if (!r.addToTags()) {
                continue;
            }
            try {
                String tag = r.validator().preCheck(term, Map.of("countryCode", countryCode));
                if (tag != null && !tag.isEmpty()) {
                    return tag;
                }
            } catch (StoreException e) {
                // Not this method's syntax.
            }
        }
        return null;
    }
}
