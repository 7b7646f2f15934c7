package io.github.tinodej.transport.grpc;

import com.google.protobuf.ByteString;
import io.github.tinodej.media.ContentTypes;
import io.github.tinodej.media.MediaStore;
import io.github.tinodej.media.MediaUrls;
import io.github.tinodej.media.StoredFile;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.TransportContext;
import io.github.tinodej.transport.grpc.pbx.Auth;
import io.github.tinodej.transport.grpc.pbx.FileDownReq;
import io.github.tinodej.transport.grpc.pbx.FileDownResp;
import io.github.tinodej.transport.grpc.pbx.FileMeta;
import io.github.tinodej.transport.grpc.pbx.FileUpReq;
import io.github.tinodej.transport.grpc.pbx.FileUpResp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code LargeFileReceive} and {@code LargeFileServe}, Tinode's gRPC upload and download
 * (server/hdl_files.go): every request carries {@code auth} (a scheme and its base64 secret; there is
 * no session to borrow credentials from), replies carry the HTTP status code and text. Uploads are
 * held in memory up to {@code media.max_size} (a larger one is answered 413 at once) and count
 * against the upload allowance; downloads go out in 2 MiB chunks as the client takes them.
 *
 * <p>Runs on gRPC's executor, where blocking (password hashing, the media store) is allowed.
 */
final class LargeFiles {
    private static final int CHUNK = 2 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(LargeFiles.class.getName());

    private final TransportContext ctx;

    LargeFiles(TransportContext ctx) {
        this.ctx = ctx;
    }

    /** The user {@code auth} names; throws a {@link Refused} with the reply otherwise. */
    private Uid authenticate(Auth auth, String remote) {
        if (auth.getScheme().isEmpty()) {
            throw new Refused(Ctrl.AUTH_REQUIRED);
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(auth.getSecret());
        } catch (IllegalArgumentException e) {
            throw new Refused(Ctrl.MALFORMED);
        }
        Uid uid;
        try {
            uid = ctx.authenticate(auth.getScheme(), secret, remote);
        } catch (RuntimeException e) {
            throw new Refused(ctx.errorReply(e));
        }
        if (uid == null || uid.equals(Uid.ZERO)) {
            throw new Refused(Ctrl.AUTH_REQUIRED);
        }
        return uid;
    }

    /** A request answered with a ctrl code instead of a file. */
    private static final class Refused extends RuntimeException {
        final Ctrl ctrl;

        Refused(Ctrl ctrl) {
            super(ctrl.text(), null, false, false);
            this.ctrl = ctrl;
        }
    }

    void serve(FileDownReq req, StreamObserver<FileDownResp> responses, String remote) {
        ServerCallStreamObserver<FileDownResp> out = (ServerCallStreamObserver<FileDownResp>) responses;
        Object ready = new Object();
        // Without a cancel handler gRPC would throw from onNext once the client has gone.
        out.setOnCancelHandler(() -> { });
        try {
            authenticate(req.getAuth(), remote);
            MediaStore media = ctx.media().orElseThrow(() -> new Refused(Ctrl.NOT_FOUND));
            Optional<String> id = MediaUrls.fileId(req.getUri());
            Optional<StoredFile> found = id.isEmpty() ? Optional.empty() : media.find(id.get());
            StoredFile f = found.orElseThrow(() -> new Refused(Ctrl.NOT_FOUND));
            // The name is where tn-cli writes the file: a plain file name (Tinode gives its storage path).
            FileDownResp.Builder head = FileDownResp.newBuilder().setId(req.getId()).setCode(200).setText("OK")
                    .setMeta(FileMeta.newBuilder().setName(f.id() + ContentTypes.extension(f.mimeType()))
                            .setMimeType(f.mimeType()).setEtag(f.etag()).setSize(f.size()));
            try (InputStream in = media.open(f.id(), false)) {
                byte[] buf = new byte[CHUNK];
                boolean first = true;
                while (true) {
                    int n = in.readNBytes(buf, 0, buf.length);
                    if (n == 0 && !first) {
                        break;
                    }
                    first = false;
                    if (!awaitReady(out, ready)) {
                        return;
                    }
                    out.onNext(head.setContent(ByteString.copyFrom(buf, 0, n)).build());
                    if (n < buf.length) {
                        break;
                    }
                }
            }
            out.onCompleted();
        } catch (Refused r) {
            out.onNext(FileDownResp.newBuilder().setId(req.getId()).setCode(r.ctrl.code()).setText(r.ctrl.text()).build());
            out.onCompleted();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "grpc: file download failed", e);
            if (!out.isCancelled()) {
                out.onNext(FileDownResp.newBuilder().setId(req.getId()).setCode(500).setText(Ctrl.INTERNAL.text()).build());
                out.onCompleted();
            }
        }
    }

    /**
     * Waits until gRPC takes more, so a large file is never buffered whole; false if the client
     * left. Polls: the call's own ready callback cannot run while this method holds its executor.
     */
    private static boolean awaitReady(ServerCallStreamObserver<?> out, Object ready) {
        synchronized (ready) {
            while (!out.isReady()) {
                if (out.isCancelled()) {
                    return false;
                }
                try {
                    ready.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !out.isCancelled();
    }

    StreamObserver<FileUpReq> receive(StreamObserver<FileUpResp> out, String remote) {
        return new StreamObserver<>() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();
            private FileUpReq first;
            private Uid user;
            private boolean answered;

            @Override
            public void onNext(FileUpReq req) {
                if (answered) {
                    return;
                }
                try {
                    if (first == null) {
                        first = req;
                        user = authenticate(req.getAuth(), remote);
                        if (ctx.media().isEmpty()) {
                            throw new Refused(Ctrl.NOT_FOUND);
                        }
                        if (!ctx.mayUpload(user, remote, ctx.maxUploadSize())) {
                            throw new Refused(Ctrl.TOO_MANY_REQUESTS);
                        }
                    }
                    if (body.size() + (long) req.getContent().size() > ctx.maxUploadSize()) {
                        throw new Refused(Ctrl.TOO_LARGE);
                    }
                    req.getContent().writeTo(body);
                } catch (Refused r) {
                    answer(FileUpResp.newBuilder().setCode(r.ctrl.code()).setText(r.ctrl.text()));
                } catch (IOException e) {
                    answer(FileUpResp.newBuilder().setCode(500).setText(Ctrl.INTERNAL.text()));
                }
            }

            @Override
            public void onError(Throwable t) {
                answered = true;
            }

            @Override
            public void onCompleted() {
                if (answered) {
                    return;
                }
                if (first == null) {
                    answer(FileUpResp.newBuilder().setCode(Ctrl.MALFORMED.code()).setText(Ctrl.MALFORMED.text()));
                    return;
                }
                byte[] bytes = body.toByteArray();
                String mime = ContentTypes.detect(bytes, Math.min(bytes.length, 512), first.getMeta().getMimeType());
                try {
                    StoredFile f = ctx.media().orElseThrow().store(new ByteArrayInputStream(bytes), mime,
                            ctx.maxUploadSize(), user);
                    answer(FileUpResp.newBuilder().setCode(200).setText("OK").setMeta(FileMeta.newBuilder()
                            .setName(MediaUrls.PREFIX + f.id() + ContentTypes.extension(f.mimeType()))
                            .setMimeType(f.mimeType()).setEtag(f.etag()).setSize(f.size())));
                } catch (MediaStore.TooLargeException e) {
                    answer(FileUpResp.newBuilder().setCode(Ctrl.TOO_LARGE.code()).setText(Ctrl.TOO_LARGE.text()));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "grpc: file upload failed to store", e);
                    answer(FileUpResp.newBuilder().setCode(500).setText(Ctrl.INTERNAL.text()));
                }
            }

            private void answer(FileUpResp.Builder r) {
                answered = true;
                out.onNext(r.setId(first == null ? "" : first.getId()).build());
                out.onCompleted();
            }
        };
    }
}
