package io.github.tinodej.internal.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Drafty reduced for pushes, as Tinode's drafty.PlainText and drafty.Preview do it. */
class DraftyTest {

    @Test
    void plainText_stylesLinksMediaAndCalls() {
        assertThat(Drafty.plainText("\"just text\"")).isEqualTo("just text");
        assertThat(Drafty.plainText("{\"txt\":\"bold and link\",\"fmt\":[{\"at\":0,\"len\":4,\"tp\":\"ST\"},"
                + "{\"at\":9,\"len\":4,\"key\":0}],\"ent\":[{\"tp\":\"LN\",\"data\":{\"url\":\"https://x.org\"}}]}"))
                .isEqualTo("*bold* and [link](https://x.org)");
        assertThat(Drafty.plainText("{\"txt\":\"line1 line2\",\"fmt\":[{\"at\":5,\"len\":1,\"tp\":\"BR\"}]}"))
                .isEqualTo("line1\nline2");
        assertThat(Drafty.plainText("{\"txt\":\"see\",\"fmt\":[{\"at\":-1,\"len\":0,\"key\":0}],"
                + "\"ent\":[{\"tp\":\"EX\",\"data\":{\"name\":\"a.pdf\",\"val\":\"AAAA\"}}]}")).isEqualTo("see[FILE 'a.pdf']");
        assertThat(Drafty.plainText("{\"fmt\":[{\"len\":1,\"tp\":\"VC\"}],\"txt\":\" \"}")).isEqualTo("[CALL]");
        assertThat(Drafty.plainText("{\"txt\":\"quoted reply\",\"fmt\":[{\"at\":0,\"len\":7,\"tp\":\"QQ\"}]}"))
                .isEqualTo("reply");
        assertThat(Drafty.plainText(null)).isEmpty();
        assertThat(Drafty.plainText("42")).isEmpty();
    }

    @Test
    void plainText_trimmedTo128CodePoints() {
        String longText = "😀".repeat(200);
        String t = Drafty.plainText("\"" + longText + "\"");
        assertThat(t.codePointCount(0, t.length())).isEqualTo(129);
        assertThat(t).endsWith("😀…");
    }

    @Test
    void preview_dropsQuotesAndHeavyData_clipsFormats() {
        assertThat(Drafty.preview("{\"txt\":\"old text new\",\"fmt\":[{\"at\":0,\"len\":9,\"tp\":\"QQ\"},"
                + "{\"at\":9,\"len\":3,\"tp\":\"EM\"}]}")).isEqualTo("{\"txt\":\"new\",\"fmt\":[{\"tp\":\"EM\",\"len\":3}]}");
        assertThat(Drafty.preview("{\"txt\":\"pic\",\"fmt\":[{\"at\":-1,\"key\":0}],\"ent\":[{\"tp\":\"IM\","
                + "\"data\":{\"mime\":\"image/png\",\"val\":\"AAAA\",\"width\":10,\"name\":\"p.png\"}}]}"))
                .isEqualTo("{\"txt\":\"pic\",\"fmt\":[{\"at\":-1}],\"ent\":[{\"tp\":\"IM\",\"data\":{\"mime\":\"image/png\","
                        + "\"name\":\"p.png\",\"width\":10}}]}");
        String longStyled = "{\"txt\":\"" + "x".repeat(200) + "\",\"fmt\":[{\"at\":100,\"len\":50,\"tp\":\"ST\"},"
                + "{\"at\":150,\"len\":5,\"tp\":\"EM\"}]}";
        assertThat(Drafty.preview(longStyled)).isEqualTo("{\"txt\":\"" + "x".repeat(128)
                + "\",\"fmt\":[{\"tp\":\"ST\",\"at\":100,\"len\":28}]}");
    }
}
