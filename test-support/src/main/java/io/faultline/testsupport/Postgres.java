package io.faultline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL server.
 *
 * <p>{@link #start()} runs {@value #IMAGE} in Testcontainers when a Docker engine answers and
 * embedded servers are not forced (see {@link ContainerRuntime}); otherwise it runs the Zonky
 * embedded PostgreSQL binaries (PostgreSQL 14) as a child process on {@code localhost}.
 *
 * <p>Tests usually take one server per JVM from {@link #shared()} and a fresh database per test
 * class from {@link #createDatabase(String)}.
 */
public final class Postgres implements AutoCloseable {

    /** The container image used when a Docker engine answers. */
    public static final String IMAGE = "postgres:16-alpine";

    private static final Logger LOG = LoggerFactory.getLogger(Postgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String EMBEDDED_USER = "postgres";

    private static Postgres sharedPostgres;

    private final EmbeddedPostgres embedded;
    private final PostgreSQLContainer container;
    private final String host;
    private final int port;
    private final String defaultDatabase;
    private final String username;
    private final String password;
    private volatile boolean shared;
    private boolean closed;

    private Postgres(EmbeddedPostgres embedded, PostgreSQLContainer container, String host, int port,
                     String defaultDatabase, String username, String password) {
        this.embedded = embedded;
        this.container = container;
        this.host = host;
        this.port = port;
        this.defaultDatabase = defaultDatabase;
        this.username = username;
        this.password = password;
    }

    /**
     * Starts a new server: a Testcontainers one when Docker answers, an embedded one on a free port
     * with a temporary data directory otherwise.
     *
     * @return the running server, to be closed by the caller
     */
    public static Postgres start() {
        return ContainerRuntime.useContainers() ? startContainer() : startEmbedded();
    }

    /**
     * Starts {@value #IMAGE} in Testcontainers. Needs a Docker engine.
     *
     * @return the running server, to be closed by the caller
     */
    public static Postgres startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE));
        container.start();
        Postgres postgres = new Postgres(null, container, container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), container.getDatabaseName(),
                container.getUsername(), container.getPassword());
        LOG.info("PostgreSQL started in a container at {}", postgres.jdbcUrl());
        return postgres;
    }

    /**
     * Starts embedded PostgreSQL on a free port with a temporary data directory, deleted on close.
     *
     * @return the running server, to be closed by the caller
     */
    public static Postgres startEmbedded() {
        return startEmbedded(0, null);
    }

    /**
     * Starts embedded PostgreSQL.
     *
     * <p>With a {@code dataDir} the cluster is initialised only if the directory holds none yet,
     * and it is kept on close, so a restarted server finds its databases again. The superuser is
     * {@code postgres}; connections from localhost are trusted, so any password works.
     *
     * @param port    the port to listen on, or 0 for a free one
     * @param dataDir the data directory to use and keep, or {@code null} for a temporary one
     * @return the running server, to be closed by the caller
     */
    public static Postgres startEmbedded(int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(true);
            if (port != 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres embedded = builder.start();
            Postgres postgres = new Postgres(embedded, null, "localhost", embedded.getPort(), "postgres",
                    EMBEDDED_USER, EMBEDDED_USER);
            LOG.info("Embedded PostgreSQL started at {}", postgres.jdbcUrl());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Returns the server shared by the whole JVM, starting it (as {@link #start()} does) on first
     * use. It is closed by a shutdown hook; {@link #close()} on it does nothing.
     *
     * @return the shared running server
     */
    public static synchronized Postgres shared() {
        if (sharedPostgres == null) {
            Postgres postgres = start();
            postgres.shared = true;
            if (!postgres.isEmbedded()) {
                // Embedded PostgreSQL registers its own shutdown hook (see startEmbedded).
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::shutdown, "faultline-postgres-shutdown"));
            }
            sharedPostgres = postgres;
        }
        return sharedPostgres;
    }

    /**
     * The JDBC URL of the server's default database ({@code postgres} when embedded, {@code test}
     * in a container).
     *
     * @return a {@code jdbc:postgresql://} URL without credentials
     */
    public String jdbcUrl() {
        return jdbcUrl(defaultDatabase);
    }

    /**
     * The JDBC URL of a database of this server, whether or not it exists.
     *
     * @param database the database name
     * @return a {@code jdbc:postgresql://} URL without credentials
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * The superuser name.
     *
     * @return the user name to connect with
     */
    public String username() {
        return username;
    }

    /**
     * The superuser password.
     *
     * @return the password to connect with
     */
    public String password() {
        return password;
    }

    /**
     * The host the server listens on, as clients should address it.
     *
     * @return the host name
     */
    public String host() {
        return host;
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Tells whether this server runs as an embedded child process rather than in a container.
     *
     * @return {@code true} for embedded PostgreSQL
     */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * Opens a connection to the default database as the superuser.
     *
     * @return a new connection, to be closed by the caller
     * @throws SQLException if the connection fails
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username, password);
    }

    /**
     * Creates a database owned by the superuser unless it exists, and returns its JDBC URL.
     *
     * @param name the database name: letters, digits and underscores, not starting with a digit,
     *             case kept
     * @return the JDBC URL of the database
     */
    public String createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid database name: " + name);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database
                throw new IllegalStateException("Could not create database " + name, e);
            }
        }
        return jdbcUrl(name);
    }

    /**
     * Stops the server; an embedded one with a temporary data directory loses it. Does nothing on
     * the {@linkplain #shared() shared} server, which a shutdown hook stops.
     */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Stopping embedded PostgreSQL failed", e);
            }
        }
        if (container != null) {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "Postgres[" + jdbcUrl() + (isEmbedded() ? ", embedded]" : ", container]");
    }
}
