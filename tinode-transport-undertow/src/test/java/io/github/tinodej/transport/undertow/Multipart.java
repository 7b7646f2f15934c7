package io.github.tinodej.transport.undertow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** multipart/form-data bodies as the JS SDK's upload helper sends them. */
final class Multipart {
    /** A body and its Content-Type. */
    record Form(String contentType, byte[] body) {
    }

    private Multipart() {
    }

    /** The file part named {@code file}, after {@code extraFields} (see {@link #field}). */
    static Form form(byte[] content, String filename, String partType, String extraFields) {
        String boundary = "----tinodej" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = extraFields.replace("BOUNDARY", boundary)
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + partType + "\r\n\r\n";
        try {
            body.write(head.getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Form("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** A plain form field, placed before the file part. */
    static String field(String name, String value) {
        return "--BOUNDARY\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
