package io.github.tinodej.transport.undertow;

import io.github.tinodej.media.ContentTypes;
import io.github.tinodej.media.MediaStore;
import io.github.tinodej.media.StoredFile;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.transport.TransportContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Out-of-band files (protocol.md 1.6): {@code POST /v0/file/u/} stores a multipart upload and
 * answers with a relative download URL; {@code GET|HEAD /v0/file/s/<id>[.ext]} serves it, with
 * {@code ?preview=1} for the server-made preview of an image. Both check the API key and the
 * caller's credentials; the work runs on a worker thread, never on an I/O thread.
 */
final class FileEndpoint implements HttpHandler {
    private final RemoteAddress remoteAddress;
    private static final String JSON = "application/json; charset=utf-8";
    private static final HttpString X_AUTH = new HttpString("X-Tinode-Auth");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    /** Multipart headers and boundaries on top of the file itself. */
    private static final long ENVELOPE = 64 * 1024;
    /** Bodies declared up to this many times the limit are read and dropped to deliver the 413. */
    private static final long DRAIN_FACTOR = 8;

    private static final System.Logger LOG = System.getLogger(FileEndpoint.class.getName());
    private final TransportContext ctx;
    private final boolean upload;
    private final java.util.function.Function<String, Uid> sessionUser;
    /** Files stored through this endpoint, for the metrics. */
    private final java.util.concurrent.atomic.LongAdder uploads;
    private final HeaderSettings headers;

    FileEndpoint(TransportContext ctx, boolean upload, java.util.function.Function<String, Uid> sessionUser,
            RemoteAddress remoteAddress, java.util.concurrent.atomic.LongAdder uploads, HeaderSettings headers) {
        this.headers = headers;
        this.uploads = uploads;
        this.remoteAddress = remoteAddress;
        this.ctx = ctx;
        this.upload = upload;
        this.sessionUser = sessionUser;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            // Undertow's bounded worker pool: file work blocks on disks and password hashing.
            ex.dispatch(this);
            return;
        }
        ex.startBlocking();
        MediaStore media = ctx.media().orElse(null);
        if (media == null) {
            reply(ex, Ctrl.NOT_FOUND, null, null);
            return;
        }
        if (Cors.isOptions(ex)) {
            // Preflights come before any check, as in Tinode: browsers send them without credentials.
            headers.cors().options(ex, upload);
            return;
        }
        headers.cors().regular(ex);
        if (upload) {
            upload(ex, media);
        } else {
            download(ex, media);
        }
    }

    // ---- upload ----

    private void upload(HttpServerExchange ex, MediaStore media) throws IOException {
        if (!Methods.POST.equals(ex.getRequestMethod()) && !Methods.PUT.equals(ex.getRequestMethod())
                && !Methods.HEAD.equals(ex.getRequestMethod())) {
            refuse(ex, Ctrl.OPERATION_NOT_ALLOWED);
            return;
        }
        // Key and credentials come from the request line and headers (where every Tinode client
        // puts them), checked before a byte of the body is read: a refused client cannot make the
        // server spool its upload. Go reads form values too, which parses the whole body first.
        if (!ctx.isValidApiKey(ApiKeyCheck.find(ex))) {
            refuse(ex, Ctrl.API_KEY_REQUIRED);
            return;
        }
        Uid user;
        try {
            user = authenticate(ex);
        } catch (RuntimeException e) {
            // A wrong secret, a gone account, or the login allowance used up (429).
            refuse(ex, ctx.errorReply(e));
            return;
        }
        if (Methods.HEAD.equals(ex.getRequestMethod())) {
            ex.setStatusCode(200);
            return;
        }
        long max = ctx.maxUploadSize();
        long maxBody = max + ENVELOPE;
        long declared = ex.getRequestContentLength();
        if (declared > maxBody) {
            refuseTooLarge(ex, declared);
            return;
        }
        // The upload allowance (RateLimits.uploadBytes): what the body may be, taken up front.
        if (!ctx.mayUpload(user, remoteAddress.of(ex), declared >= 0 ? declared : maxBody)) {
            refuse(ex, Ctrl.TOO_MANY_REQUESTS);
            return;
        }
        MultiPartParserDefinition multipart = new MultiPartParserDefinition();
        multipart.setMaxIndividualFileSize(max);
        multipart.setFileSizeThreshold(0);
        FormParserFactory factory = FormParserFactory.builder(false).addParser(multipart).build();
        // A Content-Type ending in "boundary=" made Undertow's header parsing throw, a 500, and an
        // empty quoted boundary was taken as one (found by UploadFuzzTest); RFC 2046 wants 1 to 70
        // characters, and Go refuses both as a bad request.
        FormDataParser parser;
        try {
            String contentType = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            String boundary = contentType == null ? null : Headers.extractQuotedValueFromHeader(contentType, "boundary");
            parser = boundary == null || boundary.isEmpty() ? null : factory.createParser(ex);
        } catch (RuntimeException e) {
            parser = null;
        }
        if (parser == null) {
            reply(ex, Ctrl.MALFORMED, null, null);
            return;
        }
        // Only after createParser: it resets the exchange's limit to the listener's
        // MULTIPART_MAX_ENTITY_SIZE, 2 MiB by default, which cut uploads off far below the
        // maxFileUploadSize that {hi} advertises. Ours stops a body as soon as it crosses the
        // limit, whatever Content-Length claimed (or when there is none: chunked uploads).
        ex.setMaxEntitySize(maxBody);
        FormData form;
        try {
            form = parser.parseBlocking();
        } catch (IOException | RuntimeException e) {
            // The rest of the body, if any, is drained by Undertow up to the limit; past it the
            // connection is closed after this reply.
            reply(ex, tooLarge(e) ? Ctrl.TOO_LARGE : Ctrl.MALFORMED, null, null);
            return;
        }
        String id = value(form, "id");
        // Without credentials only a sign-up avatar may be uploaded, and only the form says so
        // (the JS SDK sends topic=newacc after the file part): this one body is read, spooled to
        // a temporary file that goes with the exchange, before the 401.
        if (user == null && !"newacc".equals(value(form, "topic"))) {
            reply(ex, Ctrl.AUTH_REQUIRED, id, null);
            return;
        }
        FormData.FormValue file = form.getFirst("file");
        if (file == null || !file.isFileItem()) {
            reply(ex, Ctrl.MALFORMED, id, null);
            return;
        }
        StoredFile stored;
        try (InputStream in = new BufferedInputStream(file.getFileItem().getInputStream())) {
            in.mark(512);
            byte[] head = in.readNBytes(512);
            in.reset();
            String partType = file.getHeaders() == null ? null : file.getHeaders().getFirst(Headers.CONTENT_TYPE);
            String mime = ContentTypes.detect(head, head.length, partType);
            stored = media.store(in, mime, max, user == null ? Uid.ZERO : user);
        } catch (MediaStore.TooLargeException e) {
            reply(ex, Ctrl.TOO_LARGE, id, null);
            return;
        } catch (IOException e) {
            // Disk full, read-only or gone: the client gets Tinode's 500 with a ctrl body (Go's
            // decodeStoreError of a non-store error), not a bare Undertow error page.
            LOG.log(System.Logger.Level.WARNING, "upload failed to store", e);
            reply(ex, Ctrl.INTERNAL, id, null);
            return;
        } finally {
            try {
                file.getFileItem().delete();
            } catch (IOException e) {
                // Temporary part file; Undertow also cleans up at the end of the exchange.
            }
        }
        uploads.increment();
        String url = io.github.tinodej.media.MediaUrls.PREFIX + stored.id() + ContentTypes.extension(stored.mimeType());
        reply(ex, Ctrl.OK, id, "{\"url\":\"" + url + "\"}");
    }

    /**
     * Answers an upload refused before its body was read, then gets rid of the body without
     * keeping it: one no longer than an accepted upload could be is read and dropped after the
     * reply (the client may be unable to read a reply before it has sent everything, and the
     * connection stays usable); a longer or chunked one is not read at all, and the connection
     * closes after the reply.
     */
    private void refuse(HttpServerExchange ex, Ctrl status) {
        long declared = ex.getRequestContentLength();
        boolean drain = declared >= 0 && declared <= ctx.maxUploadSize() + ENVELOPE;
        if (!drain) {
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
            // Undertow drains what is left of a body when the exchange ends; a one-byte limit
            // makes that fail at once, and a failed drain closes the connection.
            ex.setMaxEntitySize(1);
        }
        // With its Content-Length written, the reply is on the wire before any draining starts.
        reply(ex, status, null, null);
        if (drain && declared > 0) {
            ex.setMaxEntitySize(declared);
            try {
                ex.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The client went away or sent more than it declared; Undertow closes the connection.
            }
        }
    }

    /**
     * 413 for a body whose Content-Length is over the limit, before anything is parsed or stored.
     * A client still sending when the server stops reading may see a reset instead of the 413, so
     * a moderately large body is read and dropped first and the connection stays open; a huge one
     * is not worth the bandwidth: answered at once, then the connection is closed.
     */
    private void refuseTooLarge(HttpServerExchange ex, long declared) throws IOException {
        long maxBody = ctx.maxUploadSize() + ENVELOPE;
        if (declared <= DRAIN_FACTOR * maxBody) {
            ex.setMaxEntitySize(declared);
            ex.getInputStream().transferTo(OutputStream.nullOutputStream());
        } else {
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        reply(ex, Ctrl.TOO_LARGE, null, null);
    }

    /** Undertow's two ways of saying the body is over a limit: the file part, or the whole body. */
    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MultiPartParserDefinition.FileTooLargeException || t instanceof RequestTooBigException) {
                return true;
            }
        }
        return false;
    }

    // ---- download ----

    private void download(HttpServerExchange ex, MediaStore media) throws IOException {
        if (!Methods.GET.equals(ex.getRequestMethod()) && !Methods.HEAD.equals(ex.getRequestMethod())) {
            reply(ex, Ctrl.OPERATION_NOT_ALLOWED, null, null);
            return;
        }
        if (!ctx.isValidApiKey(ApiKeyCheck.find(ex))) {
            reply(ex, Ctrl.API_KEY_REQUIRED, null, null);
            return;
        }
        try {
            if (authenticate(ex) == null) {
                reply(ex, Ctrl.AUTH_REQUIRED, null, null);
                return;
            }
        } catch (RuntimeException e) {
            reply(ex, ctx.errorReply(e), null, null);
            return;
        }
        Optional<String> id = io.github.tinodej.media.MediaUrls.fileId(ex.getRelativePath());
        Optional<StoredFile> found = id.isEmpty() ? Optional.empty() : media.find(id.get());
        boolean preview = "1".equals(query(ex, "preview")) || "true".equals(query(ex, "preview"));
        if (found.isEmpty() || preview && !found.get().hasPreview()) {
            reply(ex, Ctrl.NOT_FOUND, null, null);
            return;
        }
        StoredFile f = found.get();
        String etag = "\"" + f.etag() + (preview ? "-p" : "") + "\"";
        ex.getResponseHeaders().put(Headers.ETAG, etag);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, headers.fileCacheControl());
        ex.getResponseHeaders().put(Headers.LAST_MODIFIED, io.undertow.util.DateUtils.toDateString(
                java.util.Date.from(f.created())));
        if (etag.equals(ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
            ex.setStatusCode(304);
            return;
        }
        String mime = preview ? "image/jpeg" : f.mimeType();
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, mime);
        ex.getResponseHeaders().put(NOSNIFF, "nosniff");
        if (!preview && (ContentTypes.mustDownload(mime) || "true".equals(query(ex, "asatt")))) {
            ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                    "attachment; filename=\"" + f.id() + ContentTypes.extension(mime) + "\"");
        }
        long[] range = preview ? null : range(ex.getRequestHeaders().getFirst(Headers.RANGE), f.size());
        if (range != null && range.length == 0) {
            ex.setStatusCode(416);
            ex.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes */" + f.size());
            return;
        }
        if (!preview) {
            ex.getResponseHeaders().put(Headers.ACCEPT_RANGES, "bytes");
        }
        long from = range == null ? 0 : range[0];
        long length = range == null ? f.size() : range[1] - range[0] + 1;
        if (range != null) {
            ex.setStatusCode(206);
            ex.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/" + f.size());
        }
        if (!preview) {
            ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
        }
        if (Methods.HEAD.equals(ex.getRequestMethod())) {
            return;
        }
        try (InputStream in = media.open(f.id(), preview); OutputStream out = ex.getOutputStream()) {
            if (preview) {
                in.transferTo(out);
                return;
            }
            in.skipNBytes(from);
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /**
     * A single byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) as
     * {@code [first, last]}; null for no or an unsupported Range header (the whole file is sent);
     * an empty array when the range cannot be satisfied (416).
     */
    static long[] range(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long first;
            long last;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return new long[0];
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(a);
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            if (first < 0 || first >= size || last < first) {
                return new long[0];
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- helpers ----

    /**
     * The caller's user from, in Tinode's order: {@code X-Tinode-Auth}, {@code Authorization},
     * query {@code auth}/{@code secret}, cookies, then query {@code sid}. Null when no credentials
     * were sent. Form values are not read: they sit in the body, which must not be read before
     * the caller is known (Tinode also takes {@code auth}, {@code secret} and {@code sid} from an
     * upload's form; its clients send headers).
     */
    private Uid authenticate(HttpServerExchange ex) {
        String scheme = null;
        String secret = null;
        boolean urlSafe = false;
        for (HttpString h : new HttpString[] {X_AUTH, Headers.AUTHORIZATION}) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null && !v.isBlank()) {
                String[] parts = v.trim().split("\\s+", 2);
                if (parts.length == 2) {
                    scheme = parts[0];
                    secret = parts[1];
                    break;
                }
            }
        }
        if (scheme == null && query(ex, "auth") != null) {
            scheme = query(ex, "auth");
            secret = query(ex, "secret");
            urlSafe = true;
        }
        if (scheme == null) {
            Cookie a = ex.getRequestCookie("auth");
            Cookie s = ex.getRequestCookie("secret");
            if (a != null && s != null) {
                scheme = a.getValue();
                secret = s.getValue();
            }
        }
        if (scheme == null) {
            // Last resort, as in Tinode: the id of a live long-polling session.
            String sid = query(ex, "sid");
            return sid == null ? null : sessionUser.apply(sid);
        }
        if (secret == null) {
            throw new StoreException(StoreException.Kind.MALFORMED, "secret missing");
        }
        if (urlSafe) {
            secret = secret.replace('-', '+').replace('_', '/');
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.MALFORMED, "secret is not base64");
        }
        return ctx.authenticate(scheme.toLowerCase(Locale.ROOT), raw, remoteAddress.of(ex));
    }

    private static String value(FormData form, String name) {
        if (form == null) {
            return null;
        }
        FormData.FormValue v = form.getFirst(name);
        return v == null || v.isFileItem() ? null : v.getValue();
    }

    private static String query(HttpServerExchange ex, String name) {
        Deque<String> v = ex.getQueryParameters().get(name);
        return v == null ? null : v.peekFirst();
    }

    /** A JSON ctrl as the whole response, HTTP status = ctrl code. */
    private void reply(HttpServerExchange ex, Ctrl status, String id, String paramsJson) {
        if (ex.isResponseStarted() || !ex.getConnection().isOpen()) {
            // The connection went (the client left, or its body stalled past the read timeout).
            return;
        }
        StringBuilder sb = new StringBuilder("{\"ctrl\":{");
        if (id != null && !id.isEmpty()) {
            sb.append("\"id\":").append(new com.google.gson.JsonPrimitive(id)).append(',');
        }
        if (paramsJson != null) {
            sb.append("\"params\":").append(paramsJson).append(',');
        }
        sb.append("\"code\":").append(status.code()).append(",\"text\":\"").append(status.text())
                .append("\",\"ts\":\"").append(WireTime.format(ctx.clock().instant())).append("\"}}");
        ex.setStatusCode(status.code());
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        try {
            ex.getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away.
        }
    }
}
