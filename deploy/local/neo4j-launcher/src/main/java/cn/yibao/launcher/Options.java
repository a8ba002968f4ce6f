package cn.yibao.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.SettingValueParsers;

/**
 * Command-line options of the launcher, parsed without any extra library.
 *
 * <p>Every flag takes its value either as the next argument ({@code --port 7688}) or inline
 * ({@code --port=7688}). Invalid input raises {@link UsageException}, whose message names the
 * offending flag; the caller turns it into exit code 2.
 */
final class Options {

    private static final long MIB = 1024L * 1024;

    /** Usage text printed for {@code --help} (to stderr). */
    static final String USAGE = String.join("\n",
            "usage: java -jar neo4j-launcher.jar --data-dir <path> [options]",
            "  --data-dir <path>        DBMS home directory (created if missing; required)",
            "  --port <int>             Bolt port, 0..65535 (0 = pick a free port; default 7687)",
            "  --host <addr>            Bolt listen address (default 127.0.0.1; must be loopback)",
            "  --allow-non-loopback     permit a --host that is not a loopback address",
            "  --password <pw>          enable auth, user neo4j gets this password",
            "                           (falls back to env NEO4J_PASSWORD; none = auth disabled)",
            "  --page-cache <size>      page cache size, >= 1m, e.g. 256m, 1g (default 256m)",
            "  --tx-memory <size>       global transaction memory limit, >= 10m or 0 = unlimited",
            "                           (default: Neo4j's, 70% of the max heap)",
            "  --parent-pid <pid>       shut down cleanly once this process is gone",
            "  --help                   print this help");

    Path dataDir;
    int port = 7687;
    String host = "127.0.0.1";
    boolean allowNonLoopback;
    /** {@code null} means auth disabled. */
    String password;
    long pageCacheBytes;
    /** {@code null} means Neo4j's default. */
    Long txMemoryBytes;
    /** {@code null} means no parent watch. */
    Long parentPid;
    boolean help;

    /** Thrown for any invalid command line; the message is shown to the user as-is. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args}; {@code env} supplies {@code NEO4J_PASSWORD} when {@code --password} is absent.
     */
    static Options parse(String[] args, Map<String, String> env) throws UsageException {
        Options o = new Options();
        String pageCache = "256m";
        boolean passwordFlag = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (flag) {
                case "--help", "-h" -> o.help = true;
                case "--allow-non-loopback" -> {
                    if (inline != null) {
                        throw new UsageException("flag " + flag + " takes no value");
                    }
                    o.allowNonLoopback = true;
                }
                case "--data-dir", "--port", "--host", "--password", "--page-cache", "--tx-memory", "--parent-pid" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("flag " + flag + " requires a value");
                        }
                        value = args[++i];
                    }
                    switch (flag) {
                        case "--data-dir" -> {
                            if (value.isBlank()) {
                                throw new UsageException("flag --data-dir: path must not be empty");
                            }
                            o.dataDir = Path.of(value).toAbsolutePath().normalize();
                        }
                        case "--port" -> o.port = (int) parseLong(flag, value, 0, 65535);
                        case "--host" -> o.host = value;
                        case "--password" -> {
                            if (value.isEmpty()) {
                                throw new UsageException("flag --password: password must not be empty");
                            }
                            o.password = value;
                            passwordFlag = true;
                        }
                        case "--page-cache" -> pageCache = value;
                        case "--tx-memory" -> {
                            o.txMemoryBytes = parseBytes(flag, value);
                            if (o.txMemoryBytes != 0 && o.txMemoryBytes < 10 * MIB) {
                                throw new UsageException("flag --tx-memory: must be 0 (unlimited) or at least 10m");
                            }
                        }
                        case "--parent-pid" -> o.parentPid = parseLong(flag, value, 1, Long.MAX_VALUE);
                        default -> throw new IllegalStateException(flag);
                    }
                }
                default -> throw new UsageException("unknown flag " + arg);
            }
        }
        if (o.help) {
            return o;
        }
        if (o.dataDir == null) {
            throw new UsageException("flag --data-dir is required");
        }
        o.pageCacheBytes = parseBytes("--page-cache", pageCache);
        if (o.pageCacheBytes < MIB) {
            throw new UsageException("flag --page-cache: must be at least 1m");
        }
        if (!passwordFlag) {
            String envPw = env.get("NEO4J_PASSWORD");
            o.password = envPw == null || envPw.isEmpty() ? null : envPw;
        }
        o.host = stripBrackets(o.host);
        checkHost(o.host, o.allowNonLoopback);
        return o;
    }

    /** Host as it appears in a URI: IPv6 literals get brackets. */
    String uriHost() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static void checkHost(String host, boolean allowNonLoopback) throws UsageException {
        if (host.isBlank()) {
            throw new UsageException("flag --host: address must not be empty");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException("flag --host: cannot resolve '" + host + "'");
        }
        if (!address.isLoopbackAddress() && !allowNonLoopback) {
            throw new UsageException("flag --host: '" + host
                    + "' is not a loopback address (pass --allow-non-loopback to permit it)");
        }
    }

    private static long parseLong(String flag, String value, long min, long max) throws UsageException {
        try {
            long v = Long.parseLong(value.trim());
            if (v < min || v > max) {
                throw new UsageException("flag " + flag + ": " + value + " is out of range " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("flag " + flag + ": '" + value + "' is not an integer");
        }
    }

    /** Parses a byte size the way neo4j.conf does ({@code 256m}, {@code 1g}, {@code 1024k}, plain bytes). */
    private static long parseBytes(String flag, String value) throws UsageException {
        try {
            return SettingValueParsers.BYTES.parse(value.trim());
        } catch (RuntimeException e) {
            throw new UsageException("flag " + flag + ": '" + value + "' is not a valid size (e.g. 256m, 1g)");
        }
    }
}
