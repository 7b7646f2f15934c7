package io.github.tinodej.store;

/**
 * What every store contract interface tests: the store of the running test, opened before each
 * test and closed after it by {@link StoreContract}, which implements all of them.
 */
public interface StoreUnderTest {
    /** The open store of the current test. */
    Store store();
}
