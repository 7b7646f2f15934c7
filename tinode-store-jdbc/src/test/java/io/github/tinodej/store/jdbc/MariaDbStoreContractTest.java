package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The contract on MySQL/MariaDB; runs when TINODEJ_TEST_MYSQL_URL holds a JDBC URL (CI sets it). */
@EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
class MariaDbStoreContractTest extends StoreContract {
    @Override
    protected Store createStore() {
        return JdbcStore.builder().url(System.getenv("TINODEJ_TEST_MYSQL_URL")).poolSize(4).build();
    }
}
