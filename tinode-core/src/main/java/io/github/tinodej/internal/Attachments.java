package io.github.tinodej.internal;

import io.github.tinodej.media.MediaStore;
import io.github.tinodej.media.MediaUrls;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The uploads a request references through {@code extra.attachments}, which keeps them from
 * garbage collection for as long as the message or description that references them exists.
 * Tinode's rule ({@code media.GetIdFromUrl}, then the {@code filemsglinks} foreign key): a URL
 * relative to the download endpoint, or a bare file name, whose leading {@code [-_A-Za-z0-9]} run
 * is an 11-character id of an existing upload. Anything else is left out without failing the
 * request.
 *
 * <p>Blocks on the media store: call it where the request's store write happens (a topic's actor
 * or the auth pool), and only for requests that carry attachments.
 */
public final class Attachments {
    /** Most uploads one request references; each costs a lookup. */
    public static final int MAX = 64;
    private static final System.Logger LOG = System.getLogger(Attachments.class.getName());

    private Attachments() {
    }

    /**
     * The ids of the existing uploads in {@code urls}, in request order without duplicates; empty
     * without a media store.
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
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            try {
                if (media.find(id).isPresent()) {
                    out.add(id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "attachment " + id + " not readable", e);
            }
        }
        return out;
    }

    /**
     * Makes the first upload of {@code urls} the one the description
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
        String id = MediaUrls.fileId(url.substring(slash + 1));
        return id != null && id.length() == 11 ? id : null;
    }
}
