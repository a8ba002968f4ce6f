package cn.yibao.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts an embedded Neo4j Community DBMS whose only network endpoint is a plain-text Bolt
 * connector, so that ordinary Neo4j drivers can use it like a standalone server.
 *
 * <p>Process contract (see README.md):
 * <ul>
 *   <li>stdout carries exactly one line, {@code NEO4J_READY bolt://HOST:PORT}, once the default
 *       database is available and Bolt accepts connections; everything else goes to stderr
 *       (Neo4j's own logs go to {@code <data-dir>/logs}).</li>
 *   <li>exit 2: bad command line; exit 1: start failure; exit 0: clean stop after SIGTERM/SIGINT
 *       or after the {@code --parent-pid} process disappeared ({@code NEO4J_STOPPED} on stderr).</li>
 *   <li>stdin is never read, so a closed stdin does not stop the process.</li>
 * </ul>
 */
public final class Neo4jLauncher {

    private static final String SYSTEM_DATABASE = "system";
    private static final long DATABASE_START_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

    /** Guards {@link #dbms}: start-up and shutdown never interleave. */
    private static final Object LOCK = new Object();
    private static DatabaseManagementService dbms;
    /** Set as soon as the shutdown hook runs (before it waits for {@link #LOCK}). */
    private static volatile boolean shutdownRequested;

    /** Set before a deliberate {@code System.exit(nonZero)} so the shutdown hook keeps that code. */
    private static volatile boolean failing;

    private Neo4jLauncher() {
    }

    /** Entry point; see {@link Options#USAGE} for the flags. */
    public static void main(String[] args) throws InterruptedException {
        // Reserve the real stdout for the ready line; anything else printing to System.out
        // (libraries, stray console appenders) lands on stderr instead.
        PrintStream stdout = System.out;
        System.setOut(System.err);

        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (Options.UsageException e) {
            System.err.println("neo4j-launcher: " + e.getMessage());
            System.err.println("run with --help for usage");
            System.exit(2);
            return;
        }
        if (options.help) {
            System.err.println(Options.USAGE);
            System.exit(0);
        }
        // JVM properties the Neo4j server scripts set by default (must precede Netty/log4j class loading).
        setPropertyIfAbsent("io.netty.tryReflectionSetAccessible", "true");
        setPropertyIfAbsent("log4j2.disable.jmx", "true");

        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLauncher::onJvmShutdown, "neo4j-launcher-shutdown"));
        } catch (IllegalStateException e) {
            return; // signalled while the JVM was still booting: nothing started, nothing to stop
        }
        if (options.parentPid != null) {
            watchParent(options.parentPid);
        }

        try {
            synchronized (LOCK) {
                if (shutdownRequested) {
                    return; // a signal arrived before start-up; the shutdown hook finishes the exit
                }
                String readyLine = start(options);
                // Printed under LOCK: the hook stops Neo4j only after this; and no ready line
                // is printed once a stop was requested during start-up.
                if (!shutdownRequested) {
                    stdout.println(readyLine);
                    stdout.flush();
                }
            }
        } catch (StartException e) {
            fail(e.getMessage()); // outside LOCK: System.exit runs the hook, which needs LOCK
            return;
        }
        // Neo4j's worker threads keep the JVM alive; park main until a signal or the parent watch ends it.
        Thread.currentThread().join();
    }

    /** A start-up failure; its message becomes the one-line error on stderr. */
    private static final class StartException extends Exception {
        StartException(String message) {
            super(message.replace('\n', ' '));
        }
    }

    /** Builds and starts the DBMS, configures auth and returns the ready line. */
    private static String start(Options o) throws StartException {
        try {
            Files.createDirectories(o.dataDir);
        } catch (IOException | RuntimeException e) {
            throw new StartException("cannot create data dir " + o.dataDir + ": " + e);
        }
        if (o.port != 0) {
            checkPortFree(o.host, o.port);
        }

        boolean auth = o.password != null;
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(o.dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(o.host, o.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(o.host, o.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Netty's default 5 s quiet period (applied twice) would make every stop take >10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.initial_default_database, GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
                .setConfig(GraphDatabaseSettings.pagecache_memory, o.pageCacheBytes)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.logs_directory, o.dataDir.resolve("logs"))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth);
        if (auth) {
            // Dev/test box: short passwords are fine and failed logins never lock the user out
            // (tests deliberately try wrong passwords).
            builder.setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                    .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0);
        }
        if (o.txMemoryBytes != null) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, o.txMemoryBytes);
        }

        try {
            dbms = builder.build();
        } catch (Throwable t) {
            throw new StartException("Neo4j failed to start: " + rootMessage(t));
        }

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(DATABASE_START_TIMEOUT_MS)) {
                throw new StartException("database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                        + "' did not become available");
            }
            if (auth) {
                setNeo4jPassword(o.password);
            }
            int port = boltPort(db, o.port);
            checkListening(o.host, port);
            return "NEO4J_READY bolt://" + o.uriHost() + ":" + port;
        } catch (StartException e) {
            throw e;
        } catch (Throwable t) {
            throw new StartException("Neo4j start-up failed: " + rootMessage(t));
        }
    }

    /**
     * Makes user {@code neo4j} have {@code password} with no forced change, on a fresh or an
     * existing data dir. Embedded transactions run with full privileges, so administration
     * commands can be sent straight to the {@code system} database. {@code CREATE OR REPLACE}
     * is idempotent (unlike {@code ALTER USER}, which rejects setting the current password
     * again); Community Edition has no role assignments that replacing could lose.
     */
    private static void setNeo4jPassword(String password) {
        dbms.database(SYSTEM_DATABASE).executeTransactionally(
                "CREATE OR REPLACE USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                Map.of("pw", password));
    }

    /** The port Bolt actually bound (differs from {@code requested} only when that is 0). */
    private static int boltPort(GraphDatabaseService db, int requested) {
        HostnamePort bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound != null) {
            return bound.getPort();
        }
        if (requested == 0) {
            throw new IllegalStateException("cannot determine the Bolt port");
        }
        return requested;
    }

    /** Fails fast with a clear message if something already listens on host:port. */
    private static void checkPortFree(String host, int port) throws StartException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartException("cannot bind Bolt to " + host + ":" + port + " (port in use?): " + e.getMessage());
        }
    }

    /** Confirms the Bolt connector accepts TCP connections before announcing readiness. */
    private static void checkListening(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(5).toMillis());
        }
    }

    /** Polls every second; once {@code pid} is gone, exits the JVM, which stops Neo4j cleanly. */
    private static void watchParent(long pid) {
        Thread watcher = new Thread(() -> {
            while (true) {
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    System.err.println("neo4j-launcher: parent process " + pid + " is gone, shutting down");
                    System.exit(0);
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "neo4j-launcher-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * JVM shutdown hook (SIGTERM, SIGINT, SIGHUP, {@code System.exit}): shuts the DBMS down
     * cleanly. Unless the exit is a deliberate failure exit, reports {@code NEO4J_STOPPED} and
     * forces exit status 0 (the JVM would otherwise report 128+signal).
     */
    private static void onJvmShutdown() {
        shutdownRequested = true;
        synchronized (LOCK) {
            if (dbms != null) {
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    System.err.println("neo4j-launcher: error during shutdown: " + rootMessage(t));
                }
                dbms = null;
            }
        }
        if (!failing) {
            System.err.println("NEO4J_STOPPED");
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    /** Prints a one-line error to stderr and exits with status 1 (stopping Neo4j if it started). */
    private static void fail(String message) {
        failing = true;
        System.err.println("neo4j-launcher: error: " + message.replace('\n', ' '));
        System.err.flush();
        System.exit(1);
    }

    private static void setPropertyIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Message of the innermost cause, which is usually the informative one. */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = t.getMessage();
        String inner = root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == t || outer == null ? inner : outer + " (" + inner + ")";
    }
}
