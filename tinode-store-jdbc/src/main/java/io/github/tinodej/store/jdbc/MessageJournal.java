package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.Uid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The append-only file that makes a message durable before H2 has written it: the store writer
 * appends each committed batch here and acknowledges it once the bytes are in the file, and H2
 * writes its changes in one chunk every checkpoint instead of one per commit ({@link H2Journal}).
 *
 * <p>The journal is a series of segment files {@code <base>.journal.<n>} beside the database file.
 * {@link #rotate()} starts the next segment and hands back the one before, which holds only
 * messages already committed in H2 (the writer appends after its commit), so once H2 has stored a
 * chunk after the rotation that segment can be {@link #drop dropped}. Whatever segments are there
 * when the store opens were not dropped: a crash. Their messages are put back ({@link #read}).
 *
 * <p>A record is its payload's length, the payload's CRC-32 and the payload (the message's columns
 * and file references). A crash can leave a record half written at the end of the last segment;
 * reading stops there. Bytes reach the operating system before the acknowledgement, as H2's own
 * writes did with {@code WRITE_DELAY=0}: they survive the process being killed, not the machine
 * losing power. Thread-safe: appends and rotations are serialized by one lock.
 */
final class MessageJournal implements AutoCloseable {
    /** A message with the file references it was published with, as read back from a segment. */
    record Entry(Message message, List<String> fileIds) {
    }

    /** A segment file, with its place in the series. */
    record Segment(long number, Path path) {
    }

    private static final System.Logger LOG = System.getLogger(MessageJournal.class.getName());
    /** Largest record read back: anything claiming more is a torn length, not a message. */
    private static final int MAX_RECORD = 64 << 20;
    private static final int MAX_KEPT_BUFFER = 4 << 20;

    private final Path dir;
    private final String base;
    private final ReentrantLock lock = new ReentrantLock();
    /** The bytes of one append, reused so a batch allocates nothing that outlives it. */
    private byte[] buf = new byte[64 << 10];
    private int len;
    private Segment current;
    private FileChannel channel;

    private MessageJournal(Path dir, String base, long next) throws IOException {
        this.dir = dir;
        this.base = base;
        openSegment(next);
    }

    /** The segments left in {@code dir} for {@code base}, oldest first. */
    static List<Segment> segments(Path dir, String base) throws IOException {
        String prefix = base + ".journal.";
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix)) {
                    try {
                        out.add(new Segment(Long.parseLong(name.substring(prefix.length())), p));
                    } catch (NumberFormatException e) {
                        // Not one of ours.
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Segment::number));
        return out;
    }

    /** Starts a journal whose first segment follows {@code after} (the last one found, or 0). */
    static MessageJournal start(Path dir, String base, long after) throws IOException {
        return new MessageJournal(dir, base, after + 1);
    }

    private void openSegment(long number) throws IOException {
        Path p = dir.resolve(base + ".journal." + number);
        channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        current = new Segment(number, p);
    }

    /**
     * Appends the messages of one committed batch; once this returns their bytes are in the file.
     * Throws if they could not be written (the caller then makes them durable another way).
     */
    void append(List<Message> messages, List<? extends Collection<String>> fileIds) throws IOException {
        lock.lock();
        try {
            len = 0;
            for (int i = 0; i < messages.size(); i++) {
                encode(messages.get(i), fileIds.get(i));
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (buf.length > MAX_KEPT_BUFFER) {
                buf = new byte[64 << 10]; // one large message does not keep its buffer
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts the next segment and returns the one before it, complete. */
    Segment rotate() throws IOException {
        lock.lock();
        try {
            Segment done = current;
            FileChannel old = channel;
            openSegment(done.number() + 1);
            old.close();
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes a segment whose messages H2 has stored. */
    static void drop(Segment s) throws IOException {
        Files.deleteIfExists(s.path());
    }

    /** Closes the current segment, leaving it in place (a checkpoint drops it). */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            channel.close();
        } finally {
            lock.unlock();
        }
    }

    /** The segment appends go to now. */
    Segment current() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    // --- the record format ---

    private void encode(Message m, Collection<String> files) {
        int start = len;
        len += 8; // length and CRC, filled in below
        putString(m.topic());
        putInt(m.seq());
        putLong(m.created().getEpochSecond());
        putInt(m.created().getNano());
        putLong(m.from().value());
        putString(m.headJson());
        putString(m.contentJson());
        putInt(m.delId());
        putInt(files.size());
        for (String f : files) {
            putString(f);
        }
        int payload = len - start - 8;
        CRC32 crc = new CRC32();
        crc.update(buf, start + 8, payload);
        int end = len;
        len = start;
        putInt(payload);
        putInt((int) crc.getValue());
        len = end;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void putInt(int v) {
        room(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    /** A string as its UTF-8 length and bytes; null as length -1. */
    private void putString(String s) {
        if (s == null) {
            putInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /**
     * The messages of a segment in the order they were appended, up to the first record that is
     * incomplete or damaged (the one a crash interrupted).
     */
    static List<Entry> read(Segment s) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(s.path()));
        List<Entry> out = new ArrayList<>();
        while (all.remaining() >= 8) {
            int payload = all.getInt();
            int crc = all.getInt();
            if (payload < 0 || payload > MAX_RECORD || payload > all.remaining()) {
                break;
            }
            CRC32 c = new CRC32();
            c.update(all.array(), all.position(), payload);
            if ((int) c.getValue() != crc) {
                break;
            }
            ByteBuffer r = all.slice(all.position(), payload);
            all.position(all.position() + payload);
            out.add(decode(r));
        }
        if (all.hasRemaining()) {
            LOG.log(System.Logger.Level.WARNING, "message journal {0}: {1} bytes after the last whole record ignored"
                    + " (a write the process did not finish)", s.path(), all.remaining());
        }
        return out;
    }

    private static Entry decode(ByteBuffer r) {
        String topic = getString(r);
        int seq = r.getInt();
        Instant created = Instant.ofEpochSecond(r.getLong(), r.getInt());
        Uid from = new Uid(r.getLong());
        String head = getString(r);
        String content = getString(r);
        int delId = r.getInt();
        int n = r.getInt();
        List<String> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(getString(r));
        }
        return new Entry(new Message(topic, seq, created, from, head, content, delId), files);
    }

    private static String getString(ByteBuffer r) {
        int n = r.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(r.array(), r.arrayOffset() + r.position(), n, StandardCharsets.UTF_8);
        r.position(r.position() + n);
        return s;
    }
}
