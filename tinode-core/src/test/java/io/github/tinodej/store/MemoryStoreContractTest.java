package io.github.tinodej.store;

/** The reference store passes the contract. */
class MemoryStoreContractTest extends StoreContract {
    @Override
    protected Store createStore() {
        return new MemoryStore();
    }
}
