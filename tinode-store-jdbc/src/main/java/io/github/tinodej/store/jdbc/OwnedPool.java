package io.github.tinodej.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The HikariCP pool a {@link JdbcStore} builds from a JDBC URL, and so owns and closes. Kept apart
 * from the builder so that HikariCP's types stay out of the public API.
 */
final class OwnedPool {
    private OwnedPool() {
    }

    static HikariDataSource create(String url, String user, String password, int poolSize,
            Duration connectionTimeout, Duration socketTimeout) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setConnectionTimeout(connectionTimeout.toMillis());
        hc.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 3000));
        // Start even when the database is down; requests fail until it is back.
        hc.setInitializationFailTimeout(-1);
        if (!socketTimeout.isZero()) {
            // Without it a blackholed database hangs every topic actor waiting on it for good.
            if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
                hc.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
            } else if (url.startsWith("jdbc:postgresql:")) {
                hc.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
            }
        }
        hc.setPoolName("tinodej-store");
        // An instance, not a class name: Hikari would instantiate a named class by reflection,
        // which needs it public, and so HikariCP's type in this module's public API.
        hc.setExceptionOverride(new BrokenConnections());
        return new HikariDataSource(hc);
    }
}
