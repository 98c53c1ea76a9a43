package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIT {

    @Test
    void answersQueriesAndCreatesDatabases() throws Exception {
        Postgres postgres = Postgres.shared();
        assertThat(Postgres.shared()).isSameAs(postgres);

        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
        }

        String url = postgres.createDatabase("faultline_test");
        assertThat(postgres.createDatabase("faultline_test")).isEqualTo(url); // idempotent
        assertThat(url).startsWith("jdbc:postgresql://").endsWith("/faultline_test");

        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create table outage (id bigserial primary key, cell text not null)");
            statement.execute("insert into outage (cell) values ('cell-42')");
            try (ResultSet result = statement.executeQuery("select cell, current_database() from outage")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("cell-42");
                assertThat(result.getString(2)).isEqualTo("faultline_test");
            }
        }
    }

    @Test
    void embeddedServerKeepsItsDataDirectoryAcrossRestarts(@TempDir Path dataDir) throws Exception {
        int port = FreePorts.find();
        try (Postgres postgres = Postgres.startEmbedded(port, dataDir)) {
            assertThat(postgres.port()).isEqualTo(port);
            assertThat(postgres.isEmbedded()).isTrue();
            try (Connection connection = DriverManager.getConnection(postgres.createDatabase("durable"),
                    postgres.username(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table kept (v int)");
                statement.execute("insert into kept values (7)");
            }
        }
        try (Postgres postgres = Postgres.startEmbedded(port, dataDir);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl("durable"),
                     postgres.username(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select v from kept")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(7);
        }
    }
}
