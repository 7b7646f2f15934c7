package io.github.tinodej.internal;

import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.StoreException;

/**
 * The one place where failures become {@code {ctrl}} replies, mirroring Tinode's
 * {@code decodeStoreError}. Anything that is not a {@link StoreException} is a 500 for that request
 * only.
 */
public final class ErrorMap {
    private ErrorMap() {
    }

    /** The reply for a failure. */
    public static Ctrl toCtrl(Throwable t) {
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.util.concurrent.RejectedExecutionException) {
            // A bounded pool is full: back-pressure, not a failure.
            return Ctrl.SERVICE_UNAVAILABLE;
        }
        if (t instanceof io.github.tinodej.internal.limits.TooManyRequests) {
            return Ctrl.TOO_MANY_REQUESTS;
        }
        if (!(t instanceof StoreException se)) {
            return Ctrl.INTERNAL;
        }
        return switch (se.kind()) {
            case INTERNAL -> Ctrl.INTERNAL;
            case MALFORMED -> Ctrl.MALFORMED;
            case AUTH_FAILED, EXPIRED -> Ctrl.AUTH_FAILED;
            case DENIED -> Ctrl.PERMISSION_DENIED;
            case DUPLICATE -> Ctrl.DUPLICATE_CREDENTIAL;
            case UNSUPPORTED -> Ctrl.NOT_IMPLEMENTED;
            case POLICY -> Ctrl.POLICY;
            case CREDENTIALS -> Ctrl.VALIDATE_CREDENTIALS;
            case USER_NOT_FOUND -> Ctrl.USER_NOT_FOUND;
            case TOPIC_NOT_FOUND -> Ctrl.TOPIC_NOT_FOUND;
            case NOT_FOUND -> Ctrl.NOT_FOUND;
            case INVALID_RESPONSE -> Ctrl.INVALID_RESPONSE;
        };
    }
}
