package io.github.tinodej.store.jdbc;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultBinding;
import org.jooq.impl.SQLDataType;

/**
 * Millisecond timestamps on every database. MySQL Connector/J takes MariaDB's advertised version
 * ({@code 5.5.5-10.x}) for a MySQL older than 5.6.4 and silently drops the fraction of every
 * timestamp parameter, so for the MySQL family the value is bound as text, which the server parses
 * with its milliseconds. Other dialects use jOOQ's default binding.
 */
final class UtcTimeBinding implements Binding<LocalDateTime, LocalDateTime> {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final Binding<LocalDateTime, LocalDateTime> delegate = DefaultBinding.binding(SQLDataType.LOCALDATETIME(3));

    @Override
    public Converter<LocalDateTime, LocalDateTime> converter() {
        return delegate.converter();
    }

    @Override
    public void sql(BindingSQLContext<LocalDateTime> ctx) throws SQLException {
        delegate.sql(ctx);
    }

    @Override
    public void register(BindingRegisterContext<LocalDateTime> ctx) throws SQLException {
        delegate.register(ctx);
    }

    @Override
    public void set(BindingSetStatementContext<LocalDateTime> ctx) throws SQLException {
        SQLDialect family = ctx.dialect().family();
        if (ctx.value() != null && (family == SQLDialect.MYSQL || family == SQLDialect.MARIADB)) {
            ctx.statement().setString(ctx.index(), TEXT.format(ctx.value()));
        } else {
            delegate.set(ctx);
        }
    }

    @Override
    public void set(BindingSetSQLOutputContext<LocalDateTime> ctx) throws SQLException {
        delegate.set(ctx);
    }

    @Override
    public void get(BindingGetResultSetContext<LocalDateTime> ctx) throws SQLException {
        delegate.get(ctx);
    }

    @Override
    public void get(BindingGetStatementContext<LocalDateTime> ctx) throws SQLException {
        delegate.get(ctx);
    }

    @Override
    public void get(BindingGetSQLInputContext<LocalDateTime> ctx) throws SQLException {
        delegate.get(ctx);
    }
}
