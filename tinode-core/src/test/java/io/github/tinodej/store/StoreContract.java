package io.github.tinodej.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link Store} must have. A store module extends this class and provides
 * {@link #createStore()}; that runs every test of the contract on it. The tests live in one
 * interface per concern ({@link UserContract}, {@link AuthContract}, {@link TopicContract},
 * {@link MessageContract}, {@link FileLinkContract}, {@link TagSearchContract}, {@link CredentialContract}), so each stays
 * small; a test of a new concern goes into a new interface listed here, and every store runs it.
 * Tests use fresh random ids and names ({@link StoreFixtures}), so a database shared by runs works.
 * Published in tinode-core's test-jar.
 */
public abstract class StoreContract implements UserContract, AuthContract, TopicContract, MessageContract,
        FileLinkContract, TagSearchContract, CredentialContract {
    protected Store store;

    /** A store ready for use ({@link Store#open()} is called by the contract). */
    protected abstract Store createStore();

    @Override
    public final Store store() {
        return store;
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        store.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
