package io.github.tinodej.internal.limits;

/**
 * A request refused by a rate limit before any work was done; {@code ErrorMap} answers it with
 * 429 "too many requests". Carries no stack trace: it is control flow, and cheap on purpose.
 */
public final class TooManyRequests extends RuntimeException {
    public TooManyRequests() {
        super("rate limit exceeded", null, false, false);
    }
}
