package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.plugin.Crud;
import io.github.tinodej.plugin.PluginFilters;
import org.junit.jupiter.api.Test;

/** Tinode's filter strings (plugins.go ParsePluginFilter). */
class PluginFiltersTest {
    @Test
    void fireHose_packetsAndTopicKinds() {
        PluginFilters f = PluginFilters.parse("pub,note;p2p,grp", null, null, null, null, false);
        assertThat(f.fireHose("pub", "grpAbc")).isTrue();
        assertThat(f.fireHose("note", "usrAbc")).isTrue();
        assertThat(f.fireHose("pub", "me")).isFalse();
        assertThat(f.fireHose("sub", "grpAbc")).isFalse();
        assertThat(f.fireHose("pub", null)).isTrue();
    }

    @Test
    void emptyParts_meanAll_hiAccLoginHaveNoTopic() {
        PluginFilters f = PluginFilters.parse("", null, null, null, null, false);
        assertThat(f.fireHose("hi", null)).isTrue();
        assertThat(f.fireHose("sub", "fnd")).isTrue();
        PluginFilters kinds = PluginFilters.parse(";grp", null, null, null, null, false);
        assertThat(kinds.fireHose("login", null)).isTrue();
        assertThat(kinds.fireHose("pub", "usrX")).isFalse();
        assertThat(kinds.fireHose("pub", "grpX")).isTrue();
    }

    @Test
    void nullFilters_noCalls() {
        PluginFilters f = PluginFilters.NONE;
        assertThat(f.fireHose("pub", "grpX")).isFalse();
        assertThat(f.account(Crud.CREATE)).isFalse();
        assertThat(f.topic(Crud.CREATE, "grpX")).isFalse();
        assertThat(f.message(Crud.CREATE, "grpX")).isFalse();
        assertThat(f.find()).isFalse();
    }

    @Test
    void actions_firstPartOfCud_elseAll() {
        PluginFilters f = PluginFilters.parse(null, "C", "grp;CD", "", "p2p;", true);
        assertThat(f.account(Crud.CREATE)).isTrue();
        assertThat(f.account(Crud.UPDATE)).isFalse();
        assertThat(f.topic(Crud.DELETE, "grpX")).isTrue();
        assertThat(f.topic(Crud.UPDATE, "grpX")).isFalse();
        assertThat(f.topic(Crud.CREATE, "p2pX")).isFalse();
        // Channels are group topics.
        assertThat(f.topic(Crud.CREATE, "chnX")).isTrue();
        assertThat(f.subscription(Crud.UPDATE, "p2pX")).isTrue();
        assertThat(f.message(Crud.CREATE, "p2pX")).isTrue();
        assertThat(f.message(Crud.CREATE, "grpX")).isFalse();
        assertThat(f.find()).isTrue();
    }

    @Test
    void unknownNames_ignoredAsTinodeDoes() {
        PluginFilters f = PluginFilters.parse("pub,bogus", null, null, null, null, false);
        assertThat(f.fireHose("pub", "grpX")).isTrue();
        assertThat(f.fireHose("sub", "grpX")).isFalse();
    }
}
