/**
 * Cluster SPI: several servers sharing one database serve one chat. The stock implementation is in
 * the {@code tinode-cluster-hazelcast} module; a server built without one is a single node.
 */
package io.github.tinodej.cluster;
