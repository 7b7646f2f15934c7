package io.github.tinodej.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Content types from the bytes, not from what the client claims (Tinode sniffs the first 512
 * bytes like Go's {@code http.DetectContentType}); and which types must be downloaded rather than
 * rendered, so an upload can never run script in the site's origin.
 */
public final class ContentTypes {
    private ContentTypes() {
    }

    /** Sniffs a type from the first bytes; falls back to a safe client-declared family or octet-stream. */
    public static String detect(byte[] head, int len, String declared) {
        if (starts(head, len, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (starts(head, len, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, len, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (len >= 12 && starts(head, len, 'R', 'I', 'F', 'F') && head[8] == 'W' && head[9] == 'E' && head[10] == 'B'
                && head[11] == 'P') {
            return "image/webp";
        }
        if (starts(head, len, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (starts(head, len, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (len >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "video/mp4";
        }
        if (starts(head, len, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        if (starts(head, len, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (starts(head, len, 'I', 'D', '3') || starts(head, len, 0xFF, 0xFB)) {
            return "audio/mpeg";
        }
        String text = new String(head, 0, Math.min(len, 512), StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<script")
                || text.startsWith("<head") || text.startsWith("<body")) {
            return "text/html; charset=utf-8";
        }
        if (text.startsWith("<?xml") || text.startsWith("<svg")) {
            return "text/xml; charset=utf-8";
        }
        if (looksLikeText(head, len)) {
            return "text/plain; charset=utf-8";
        }
        if (declared != null) {
            String d = declared.toLowerCase(Locale.ROOT).trim();
            for (String family : new String[] {"application/", "audio/", "font/", "image/", "text/", "video/"}) {
                if (d.startsWith(family) && !d.contains("html") && !d.contains("xml") && !d.contains("javascript")) {
                    return d;
                }
            }
        }
        return "application/octet-stream";
    }

    /** Tinode forces these to download: markup, and the families a browser might execute or render. */
    public static boolean mustDownload(String mime) {
        String m = mime.toLowerCase(Locale.ROOT);
        return m.contains("html") || m.contains("xml") || m.startsWith("application/") || m.startsWith("text/")
                || m.startsWith("message/") || m.startsWith("model/") || m.startsWith("multipart/");
    }

    /** A file extension for a type ({@code .jpg}); empty when unknown. */
    public static String extension(String mime) {
        String m = mime.split(";")[0].trim();
        return switch (m) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            case "application/pdf" -> ".pdf";
            case "application/zip" -> ".zip";
            case "video/mp4" -> ".mp4";
            case "video/webm" -> ".webm";
            case "audio/ogg" -> ".ogg";
            case "audio/mpeg" -> ".mp3";
            case "text/plain" -> ".txt";
            case "text/html" -> ".html";
            case "text/xml" -> ".xml";
            default -> "";
        };
    }

    private static boolean starts(byte[] b, int len, int... sig) {
        if (len < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeText(byte[] b, int len) {
        if (len == 0) {
            return true;
        }
        for (int i = 0; i < Math.min(len, 512); i++) {
            int c = b[i] & 0xFF;
            if (c < 0x09 || c > 0x0D && c < 0x20 && c != 0x1B) {
                return false;
            }
        }
        return true;
    }
}
