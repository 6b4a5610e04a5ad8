package dev.roost.cli;

import dev.roost.client.ClientConfig;
import dev.roost.client.ClientConfigBuilder;
import dev.roost.protocol.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection flags {@code roost pub} and {@code roost sub} share, spelled as mosquitto_pub and mosquitto_sub spell
 * them ({@code -h -p -i -c -V -u -P -k}), and the {@link ClientConfig} they make.
 *
 * <p>Without {@code -c} the session is clean and lives only as long as the connection (an in-memory session store).
 * With {@code -c} (which needs {@code -i}) the session is persistent: Clean Start off, an MQTT 5.0 Session Expiry
 * Interval ({@code --session-expiry}, one hour by default), and the client's file session store in
 * {@code <session dir>/<client id>}, so the next run with the same {@code -i} resumes it, in-flight exchanges
 * included.
 *
 * <p>A picocli mixin: filled in by the parser, then read on the command's thread. Not thread-safe.
 */
final class ClientOptions {
    /** The MQTT 5.0 Session Expiry Interval of a {@code -c} session when {@code --session-expiry} is not given. */
    static final long DEFAULT_PERSISTENT_EXPIRY_SECONDS = 3600;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Broker host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "1883",
            description = "Broker port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-i", "--id"}, paramLabel = "ID",
            description = "Client id. Default: a generated one (with -c, required).")
    String clientId;

    @Option(names = {"-c", "--disable-clean-session"},
            description = "Persistent session: resume the session of -i, keep it after disconnecting (stored in "
                    + "--session-dir).")
    boolean persistent;

    @Option(names = {"-V", "--protocol-version"}, paramLabel = "VERSION", defaultValue = "5",
            converter = VersionConverter.class,
            description = "MQTT version: 5 (or mqttv5), 311 (mqttv311) or 31 (mqttv31). Default: ${DEFAULT-VALUE}.")
    MqttVersion version;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = {"-P", "--pw"}, paramLabel = "PASSWORD", description = "Password.")
    String password;

    @Option(names = {"-k", "--keepalive"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep alive, 0 to 65535 seconds; 0 turns it off. Default: ${DEFAULT-VALUE}.")
    int keepAliveSeconds;

    @Option(names = {"-x", "--session-expiry"}, paramLabel = "SECONDS",
            description = "MQTT 5.0 Session Expiry Interval: 0 to 4294967295 seconds, or -1 for never. Default: "
                    + DEFAULT_PERSISTENT_EXPIRY_SECONDS + " with -c, 0 without.")
    Long sessionExpirySeconds;

    @Option(names = "--session-dir", paramLabel = "DIR",
            description = "Where -c sessions are stored, one directory per client id. Default: ~/.roost/cli-sessions.")
    Path sessionDirectory;

    @Option(names = {"-d", "--debug"}, description = "Print what happens (connected, subscribed, acknowledged) to "
            + "standard error.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;

    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    boolean versionRequested;

    /**
     * Checks the combination of flags.
     *
     * @throws ParameterException (exit code 2) naming the flag and what is allowed
     */
    void validate() {
        if (port < 1 || port > 65535) {
            throw usage("-p must be a port from 1 to 65535: " + port);
        }
        if (keepAliveSeconds < 0 || keepAliveSeconds > 65535) {
            throw usage("-k must be from 0 to 65535 seconds: " + keepAliveSeconds);
        }
        if (clientId != null && clientId.isEmpty()) {
            throw usage("-i must not be empty");
        }
        if (persistent && clientId == null) {
            throw usage("-c needs a client id (-i): the session is stored and resumed under it");
        }
        if (sessionExpirySeconds != null) {
            if (!version.isV5()) {
                throw usage("--session-expiry is MQTT 5.0 only (-V 5)");
            }
            if (sessionExpirySeconds < -1 || sessionExpirySeconds > 0xFFFFFFFFL) {
                throw usage("--session-expiry must be from 0 to 4294967295 seconds, or -1 for never: "
                        + sessionExpirySeconds);
            }
        }
        if (password != null && username == null && !version.isV5()) {
            throw usage("-P needs -u with MQTT 3.1.1 (a password without a user name is MQTT 5.0 only)");
        }
    }

    /** "localhost:1883", for messages. */
    String broker() {
        return host + ":" + port;
    }

    /** The directory of this client id's file session store (only for {@code -c}). */
    Path storeDirectory() {
        Path base = sessionDirectory != null ? sessionDirectory
                : Path.of(System.getProperty("user.home"), ".roost", "cli-sessions");
        return base.resolve(directoryName(clientId));
    }

    /**
     * The client configuration of these flags, without session store, handlers or listener: the caller adds them.
     * No automatic reconnect: a lost connection ends the command.
     */
    ClientConfigBuilder clientConfig() {
        ClientConfigBuilder builder = ClientConfig.builder(host, port)
                .version(version)
                .cleanStart(!persistent)
                .keepAlive(Duration.ofSeconds(keepAliveSeconds))
                .noAutomaticReconnect();
        if (clientId != null) {
            builder.clientId(clientId);
        }
        if (version.isV5()) {
            long expiry = sessionExpirySeconds != null ? sessionExpirySeconds
                    : persistent ? DEFAULT_PERSISTENT_EXPIRY_SECONDS : 0;
            builder.sessionExpiry(expiry == -1 ? ClientConfig.SESSION_NEVER_EXPIRES : Duration.ofSeconds(expiry));
        }
        if (username != null || password != null) {
            builder.credentials(username, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
        }
        return builder;
    }

    /** A client id as a directory name: letters, digits, '-', '_' and inner '.' as they are, the rest %XX (UTF-8). */
    static String directoryName(String clientId) {
        StringBuilder name = new StringBuilder();
        byte[] bytes = clientId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-'
                    || b == '_' || (b == '.' && i > 0);
            if (plain) {
                name.append((char) b);
            } else {
                name.append('%').append(String.format(Locale.ROOT, "%02X", b));
            }
        }
        return name.toString();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Reads {@code -V}: the spellings mosquitto accepts. */
    static final class VersionConverter implements CommandLine.ITypeConverter<MqttVersion> {
        @Override
        public MqttVersion convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "5", "mqttv5" -> MqttVersion.V5;
                case "311", "mqttv311" -> MqttVersion.V3_1_1;
                case "31", "mqttv31" -> MqttVersion.V3_1;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an MQTT version: use 5, 311 or 31");
            };
        }
    }
}
