package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSelectionTest {

    @Test
    void noAdapter_h2FileInDataDir() {
        StoreSelection.Jdbc j = StoreSelection.h2(TinodeConfig.empty(), Path.of("/srv/data"));
        assertThat(j.url()).isEqualTo("jdbc:h2:file:/srv/data/tinode;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void mysql_fieldsDsnAndUrl() {
        StoreSelection.Jdbc f = StoreSelection.mysql(TinodeConfig.parse(
                "{\"store_config\":{\"use_adapter\":\"mysql\",\"adapters\":{\"mysql\":{\"User\":\"root\",\"Addr\":\"db\",\"DBName\":\"chat\"}}}}"));
        assertThat(f).isEqualTo(new StoreSelection.Jdbc("jdbc:mysql://db:3306/chat", "root", null));
        StoreSelection.Jdbc d = StoreSelection.mysql(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"mysql\":{\"dsn\":\"bob:pw@tcp(10.0.0.5:3307)/tinode?parseTime=true\"}}}}"));
        assertThat(d).isEqualTo(new StoreSelection.Jdbc("jdbc:mysql://10.0.0.5:3307/tinode", "bob", "pw"));
        StoreSelection.Jdbc u = StoreSelection.mysql(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"mysql\":{\"url\":\"jdbc:mysql://h/db?user=x\"}}}}"));
        assertThat(u.url()).isEqualTo("jdbc:mysql://h/db?user=x");
    }

    @Test
    void postgres_fieldsAndDsn() {
        StoreSelection.Jdbc f = StoreSelection.postgres(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"postgres\":{\"User\":\"postgres\",\"Passwd\":\"pw\",\"Host\":\"pg\",\"Port\":\"5433\",\"DBName\":\"t\"}}}}"));
        assertThat(f).isEqualTo(new StoreSelection.Jdbc("jdbc:postgresql://pg:5433/t", "postgres", "pw"));
        StoreSelection.Jdbc d = StoreSelection.postgres(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"postgres\":{\"dsn\":\"postgresql://u:p@localhost:5432/tinode?sslmode=disable\"}}}}"));
        assertThat(d).isEqualTo(new StoreSelection.Jdbc("jdbc:postgresql://localhost:5432/tinode?sslmode=disable", "u", "p"));
    }

    @Test
    void sqlTimeout_goKeyDefaultTenSecondsZeroMeansNone() {
        assertThat(StoreSelection.sqlTimeout(TinodeConfig.empty(), "mysql")).isEqualTo(Duration.ofSeconds(10));
        assertThat(StoreSelection.sqlTimeout(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"postgres\":{\"sql_timeout\":3}}}}"), "postgres")).isEqualTo(Duration.ofSeconds(3));
        assertThat(StoreSelection.sqlTimeout(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"mysql\":{\"sql_timeout\":0}}}}"), "mysql")).isEqualTo(Duration.ZERO);
    }

    @Test
    void writeBehind_defaultHalfASecond_perAdapter_zeroMeansWriteThrough() {
        assertThat(StoreSelection.writeBehind(TinodeConfig.empty(), null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(StoreSelection.writeBehind(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"h2\":{\"write_behind_ms\":2000}}}}"), "")).isEqualTo(Duration.ofSeconds(2));
        assertThat(StoreSelection.writeBehind(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"mysql\":{\"write_behind_ms\":0}}}}"), "mysql")).isEqualTo(Duration.ZERO);
    }

    @Test
    void h2Checkpoint_defaultASecond_zeroMeansAChunkPerCommit() {
        assertThat(StoreSelection.h2Checkpoint(TinodeConfig.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(StoreSelection.h2Checkpoint(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"h2\":{\"checkpoint_ms\":250}}}}"))).isEqualTo(Duration.ofMillis(250));
        assertThat(StoreSelection.h2Checkpoint(TinodeConfig.parse(
                "{\"store_config\":{\"adapters\":{\"h2\":{\"checkpoint_ms\":0}}}}"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void unknownAdapter_configError() {
        assertThatThrownBy(() -> StoreSelection.from(TinodeConfig.parse("{\"store_config\":{\"use_adapter\":\"rethinkdb\"}}"),
                Path.of("x"))).hasMessageContaining("use_adapter");
    }
}
