package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.KafkaException;
import io.mm2dr.domain.PlatformException;
import io.mm2dr.modules.Platforms;
import io.mm2dr.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the Kafka modules share: connection settings given as a mapping ({@code bootstrap},
 * {@code user}, {@code password} or {@code password_secret}, {@code ca_cert}, {@code ca_cert_file}
 * or {@code ca_secret}; secrets are read through the task's platform), and a
 * {@link KafkaException} or {@link PlatformException} turned into a failed result.
 */
abstract class KafkaModule implements Module {
    static final List<String> CONNECTION_KEYS = List.of("alias", "bootstrap", "user", "password", "password_secret", "ca_cert",
            "ca_cert_file", "ca_secret");

    @Override
    public String namespace() {
        return "mm2dr.kafka";
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        try {
            return run(args, ctx, new Connections(ctx));
        } catch (KafkaException | PlatformException | io.mm2dr.kafka.DrillRecord.RecordException e) {
            return ModuleResult.failed(e.getMessage()).build();
        }
    }

    /** Runs the module; {@code connections} reads its connection arguments through the task's platform. */
    abstract ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) throws Exception;

    /**
     * The connections of one task: each from its mapping, the task's platform (the run's, see
     * {@link Platforms}) looked up once, at the first connection, for the clients' address and
     * the secrets named.
     */
    static final class Connections {
        private final ModuleContext ctx;
        private Platform platform;

        Connections(ModuleContext ctx) {
            this.ctx = ctx;
        }

        private Platform platform() {
            if (platform == null) {
                platform = Platforms.forTask(ctx);
            }
            return platform;
        }

        /** A connection from its mapping; {@code arg} names it in errors ("source", "cluster"). */
        KafkaConnection of(Object value, String arg) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new ArgumentError(arg + " must be a mapping with at least 'bootstrap'");
            }
            for (Object k : m.keySet()) {
                if (!CONNECTION_KEYS.contains(String.valueOf(k))) {
                    throw new ArgumentError(arg + ": unknown key '" + k + "' (known: " + String.join(", ", CONNECTION_KEYS) + ")");
                }
            }
            String bootstrap = str(m.get("bootstrap"));
            if (bootstrap == null) {
                throw new ArgumentError(arg + " needs 'bootstrap' (host:port[,host:port])");
            }
            bootstrap = platform().clientBootstrap(bootstrap);
            String user = str(m.get("user"));
            String password = str(m.get("password"));
            if (password == null && m.get("password_secret") != null) {
                password = secretValue(m.get("password_secret"), arg + ".password_secret", "password");
            }
            if (user != null && password == null) {
                throw new ArgumentError(arg + " has a user but no 'password' or 'password_secret'");
            }
            if (password != null) {
                ctx.secret(password);
            }
            String ca = str(m.get("ca_cert"));
            if (ca == null && m.get("ca_cert_file") != null) {
                try {
                    ca = Files.readString(Path.of(str(m.get("ca_cert_file"))), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ArgumentError(arg + ".ca_cert_file: cannot read " + m.get("ca_cert_file") + ": " + e.getMessage());
                }
            }
            if (ca == null && m.get("ca_secret") != null && platform().clientTls()) {
                ca = secretValue(m.get("ca_secret"), arg + ".ca_secret", "ca.crt");
            }
            String alias = str(m.get("alias"));
            return new KafkaConnection(alias != null ? alias : arg, bootstrap, user, password, ca);
        }

        /**
         * A value of a secret of the task's platform (a Kubernetes Secret, a sandbox secret file),
         * decoded; the secret given as {namespace, name, key}.
         */
        private String secretValue(Object ref, String arg, String defaultKey) {
            if (!(ref instanceof Map<?, ?> m) || m.get("name") == null || m.get("namespace") == null) {
                throw new ArgumentError(arg + " must be {namespace, name, key}");
            }
            String key = m.get("key") == null ? defaultKey : String.valueOf(m.get("key"));
            String value = platform().secretValue(String.valueOf(m.get("namespace")), String.valueOf(m.get("name")), key);
            if (value == null) {
                throw new KafkaException(arg + ": the secret " + m.get("namespace") + "/" + m.get("name") + " has no key '" + key
                        + "' (or does not exist)");
            }
            return value;
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
