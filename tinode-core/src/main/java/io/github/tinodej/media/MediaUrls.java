package io.github.tinodej.media;

/** The download URLs the server hands out: {@code /v0/file/s/<id>[.ext]}, always relative. */
public final class MediaUrls {
    /** Path prefix of downloads. */
    public static final String PREFIX = "/v0/file/s/";

    private MediaUrls() {
    }

    /**
     * The file id in a download URL or path segment: the leading {@code [-_A-Za-z0-9]} run of its
     * last segment (Tinode's rule); empty when the URL is not one of ours.
     */
    public static java.util.Optional<String> fileId(String url) {
        if (url == null) {
            return java.util.Optional.empty();
        }
        String last = url.substring(url.lastIndexOf('/') + 1);
        int cut = 0;
        while (cut < last.length() && idChar(last.charAt(cut))) {
            cut++;
        }
        return cut == 0 ? java.util.Optional.empty() : java.util.Optional.of(last.substring(0, cut));
    }

    /** ASCII only, as Go's {@code [-_A-Za-z0-9]}: {@code Character.isLetterOrDigit} also took 'é' or '٣'. */
    private static boolean idChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
