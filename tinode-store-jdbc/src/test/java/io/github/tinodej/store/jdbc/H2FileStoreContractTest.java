package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file database with caching off, so every read hits the disk format. */
class H2FileStoreContractTest extends StoreContract {
    @TempDir
    static Path dir;

    @Override
    protected Store createStore() {
        return JdbcStore.builder().url(JdbcStore.h2File(dir)).caching(false).build();
    }
}
