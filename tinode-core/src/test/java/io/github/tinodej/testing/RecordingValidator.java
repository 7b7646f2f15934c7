package io.github.tinodej.testing;

import io.github.tinodej.store.StoreException;
import io.github.tinodej.validate.CodeValidator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A code validator that delivers into a queue instead of mail or SMS: {@code a@b} style values,
 * lower-cased; an optional domain allow-list.
 */
public final class RecordingValidator extends CodeValidator {
    /** One delivered message: a validation code ({@code scheme} null) or a reset code. */
    public record Sent(String to, String code, String token, String scheme, String login, String lang) {
    }

    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final String domain;

    public RecordingValidator(String method, int maxRetries, String debugResponse, String domain) {
        super(method, 6, maxRetries, debugResponse);
        this.domain = domain;
    }

    @Override
    public String preCheck(String value, Map<String, String> params) {
        int at = value.indexOf('@');
        if (value.length() > 128 || at < 1 || at != value.lastIndexOf('@') || at == value.length() - 1
                || value.contains(" ")) {
            throw new StoreException(StoreException.Kind.MALFORMED, "not an address");
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (domain != null && !v.endsWith("@" + domain)) {
            throw new StoreException(StoreException.Kind.POLICY, "domain not allowed");
        }
        return method() + ":" + v;
    }

    @Override
    protected String normalize(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    protected void sendCode(String value, String lang, String code, String token) {
        sent.add(new Sent(value, code, token, null, null, lang));
    }

    @Override
    protected void sendReset(String value, String scheme, String lang, String code, String login) {
        sent.add(new Sent(value, code, null, scheme, login, lang));
    }

    /** The next message, within 10 s. */
    public Sent next() {
        try {
            Sent s = sent.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("nothing was sent within 10 s");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Messages queued and not yet taken. */
    public int pending() {
        return sent.size();
    }
}
