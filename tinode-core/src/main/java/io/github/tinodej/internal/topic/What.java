package io.github.tinodej.internal.topic;

/** Bits of a {@code {get what}} request: space-separated words, unknown ones ignored. */
final class What {
    static final int DESC = 1;
    static final int SUB = 2;
    static final int DATA = 4;
    static final int DEL = 8;
    static final int TAGS = 16;
    static final int CRED = 32;
    static final int AUX = 64;

    /** The order in which a {@code {get}} answers the parts it asks for (Go's handleMetaGet). */
    static final int[] GET_ORDER = {DESC, SUB, DATA, DEL, TAGS, CRED, AUX};
    /** The order of the get embedded in a {@code {sub}}: the description first, the messages last. */
    static final int[] SUB_GET_ORDER = {DESC, SUB, TAGS, CRED, AUX, DATA, DEL};

    private What() {
    }

    /** Calls {@code part} with each bit of {@code what}, in {@code order}. */
    static void each(int what, int[] order, java.util.function.IntConsumer part) {
        for (int w : order) {
            if ((what & w) != 0) {
                part.accept(w);
            }
        }
    }

    static int parse(String what) {
        if (what == null) {
            return 0;
        }
        int bits = 0;
        for (String w : what.trim().split("\\s+")) {
            switch (w) {
                case "desc" -> bits |= DESC;
                case "sub" -> bits |= SUB;
                case "data" -> bits |= DATA;
                case "del" -> bits |= DEL;
                case "tags" -> bits |= TAGS;
                case "cred" -> bits |= CRED;
                case "aux" -> bits |= AUX;
                default -> {
                    // Tinode ignores unknown words.
                }
            }
        }
        return bits;
    }
}
