package io.github.tinodej.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void spacesAreAnd_commasAreOr() {
        SearchQuery q = SearchQuery.parse("Alice bob,carol");
        assertThat(q.allOf()).containsExactly("alice");
        assertThat(q.anyOf()).containsExactly("bob", "carol");
    }

    @Test
    void commaWithSpaces_stillOr() {
        SearchQuery q = SearchQuery.parse("travel , chess golf");
        assertThat(q.anyOf()).containsExactly("travel", "chess");
        assertThat(q.allOf()).containsExactly("golf");
    }

    @Test
    void quotesGroupText() {
        SearchQuery q = SearchQuery.parse("\"new york\" pizza");
        assertThat(q.allOf()).containsExactly("new_york", "pizza");
    }

    @Test
    void malformed_null() {
        assertThat(SearchQuery.parse("a\"b")).isNull();
        assertThat(SearchQuery.parse("\"open")).isNull();
        assertThat(SearchQuery.parse("   ")).isNull();
    }
}
