package io.github.tinodej.internal;

import io.github.tinodej.media.MediaStore;
import io.github.tinodej.media.MediaUrls;
import io.github.tinodej.media.StoredFile;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The uploads a request may reference through {@code extra.attachments}, which keeps them from
 * garbage collection for as long as the message or description that references them exists.
 *
 * <p>Tinode's rule ({@code media.GetIdFromUrl}, then the {@code filemsglinks} foreign key): a URL
 * relative to the download endpoint, or a bare file name, whose leading {@code [-_A-Za-z0-9]} run
 * is an 11-character id of an existing upload. Go does not ask whose upload it is, so anyone who
 * learns an id can pin the file forever. Here an existing upload is accepted only when
 * <ul>
 * <li>the requester uploaded it, or
 * <li>it is a sign-up upload (no owner) and the request creates the account, or
 * <li>a message or description already references it: forwarding, which the JS SDK does by
 *     sending the original message's URLs again, and which only someone shown the file can do.
 * </ul>
 * Anything else is left out without failing the request (Go also goes on when linking fails).
 *
 * <p>Blocks on the media store and the store: call it where the request's store write happens (a
 * topic's actor or the auth pool), and only for requests that carry attachments.
 */
public final class Attachments {
    /** Most uploads one request references; each costs a lookup. */
    public static final int MAX = 64;
    private static final System.Logger LOG = System.getLogger(Attachments.class.getName());

    private Attachments() {
    }

    /**
     * The ids of the uploads in {@code urls} that {@code requester} may reference, in request
     * order without duplicates; empty without a media store.
     *
     * @param signUp whether the request creates an account, which may use sign-up uploads
     */
    public static List<String> accepted(MediaStore media, Store store, Uid requester, List<String> urls,
            boolean signUp) {
        if (media == null || urls == null || urls.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String url : urls) {
            String id = fileId(url);
            if (id != null && ids.size() < MAX) {
                ids.add(id);
            }
        }
        List<String> own = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String id : ids) {
            Optional<StoredFile> f;
            try {
                f = media.find(id);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "attachment " + id + " not readable", e);
                continue;
            }
            if (f.isEmpty()) {
                continue;
            }
            Uid owner = f.get().owner();
            if (owner.isValid() ? owner.equals(requester) : signUp) {
                own.add(id);
            } else {
                others.add(id);
            }
        }
        if (!others.isEmpty()) {
            Set<String> shared = store.referencedFiles(others);
            for (String id : others) {
                if (shared.contains(id)) {
                    own.add(id);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "attachment {0} of another user ignored", id);
                }
            }
        }
        List<String> out = new ArrayList<>(own.size());
        for (String id : ids) {
            if (own.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Makes the first upload of {@code urls} the requester may reference the one the description
     * of {@code owner} (a topic name, or {@code usr...} for a profile) references, replacing the
     * previous one; does nothing when none is acceptable, so a profile keeps its avatar's reference
     * until a new one replaces it (Go links one file per topic or user). Called after the
     * description was stored; a failure is logged and does not fail the request, as in Go.
     */
    public static void linkDescription(MediaStore media, Store store, Uid requester, String owner,
            List<String> urls, boolean signUp) {
        if (media == null || urls == null || urls.isEmpty()) {
            return;
        }
        try {
            List<String> ids = accepted(media, store, requester, urls, signUp);
            if (!ids.isEmpty()) {
                store.linkFiles(owner, ids.subList(0, 1));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to link the avatar of " + owner, e);
        }
    }

    /**
     * The upload id of an attachment URL: {@code /v0/file/s/<id>[.ext]} or a bare {@code <id>[.ext]}
     * (Go accepts both), the id being exactly 11 characters; null for anything else, absolute URLs
     * included.
     */
    static String fileId(String url) {
        if (url == null) {
            return null;
        }
        int slash = url.lastIndexOf('/');
        if (slash >= 0 && !url.substring(0, slash + 1).equals(MediaUrls.PREFIX)) {
            return null;
        }
        return MediaUrls.fileId(url.substring(slash + 1)).filter(id -> id.length() == 11).orElse(null);
    }
}
