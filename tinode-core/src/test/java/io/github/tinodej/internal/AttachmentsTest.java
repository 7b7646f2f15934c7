package io.github.tinodej.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentsTest {

    @ParameterizedTest
    @CsvSource({
        "/v0/file/s/AbC-_0123xY.jpg, AbC-_0123xY",
        "/v0/file/s/AbC-_0123xY, AbC-_0123xY",
        "AbC-_0123xY.png, AbC-_0123xY",
        "/v0/file/s/AbC-_0123xY.jpg?asatt=1, AbC-_0123xY",
    })
    void fileId_downloadUrlOrBareName_isGoRule(String url, String id) {
        assertThat(Attachments.fileId(url)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://elsewhere.example/v0/file/s/AbC-_0123xY.jpg",
        "/v0/file/s/../../x/AbC-_0123xY.jpg",
        "/v0/file/u/AbC-_0123xY.jpg",
        "/v0/file/s/short.jpg",
        "/v0/file/s/AbC-_0123xYZ.jpg",
        "/v0/file/s/AbC-_0123xé.jpg",
        "/v0/file/s/",
        "",
    })
    void fileId_anythingElse_null(String url) {
        assertThat(Attachments.fileId(url)).isNull();
    }
}
