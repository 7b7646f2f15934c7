package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreContract;
import java.util.UUID;

/** The contract on an in-memory H2 database, caches on. */
class H2StoreContractTest extends StoreContract {
    @Override
    protected Store createStore() {
        return JdbcStore.builder().url(JdbcStore.h2Memory("contract-" + UUID.randomUUID())).build();
    }
}
