package io.mm2dr.modules.kubernetes;

import io.mm2dr.kubernetes.ApiWarnings;
import io.mm2dr.kubernetes.KubeConnection;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.ResourceKinds;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Connections to API servers for tasks. Each setting is taken from the first place that has it:
 * the task's argument, the task's {@code environment} ({@code K8S_AUTH_*}), the host's inventory
 * variables ({@code k8s_*}), the process environment ({@code K8S_AUTH_*}), then the usual
 * kubeconfig. Equal connections share one client for the whole run.
 */
public final class KubeSessions {
    private KubeSessions() {
    }

    /** Connection settings: argument name, inventory variable, environment variable. */
    private record Setting(String arg, String var, String env) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("kubeconfig", "k8s_kubeconfig", "K8S_AUTH_KUBECONFIG"),
            new Setting("context", "k8s_context", "K8S_AUTH_CONTEXT"),
            new Setting("host", "k8s_host", "K8S_AUTH_HOST"),
            new Setting("api_key", "k8s_api_key", "K8S_AUTH_API_KEY"),
            new Setting("validate_certs", "k8s_validate_certs", "K8S_AUTH_VERIFY_SSL"),
            new Setting("ca_cert", "k8s_ca_cert", "K8S_AUTH_SSL_CA_CERT"),
            new Setting("request_timeout", "k8s_request_timeout", "K8S_AUTH_REQUEST_TIMEOUT"));

    /** Adds the connection arguments to a module's spec. */
    public static ArgSpec.Builder connectionArgs(ArgSpec.Builder b) {
        return b.arg("kubeconfig", ArgType.RAW).description("kubeconfig file, or a kubeconfig as a mapping (default: KUBECONFIG, ~/.kube/config, in-cluster)").add()
                .arg("context", ArgType.STR).description("kubeconfig context (default: its current context)").add()
                .arg("host", ArgType.STR).description("API server URL, overriding the kubeconfig's").add()
                .arg("api_key", ArgType.STR).secret().description("bearer token, overriding the kubeconfig's credentials").add()
                .arg("validate_certs", ArgType.BOOL).aliases("verify_ssl").description("verify the server's certificate (default: as the kubeconfig says)").add()
                .arg("ca_cert", ArgType.PATH).aliases("ssl_ca_cert").description("CA bundle to verify the server with").add()
                .arg("request_timeout", ArgType.INT).description("seconds one API request may take (default 30)").add()
                .notSupported("client_cert", GIVE_IN_KUBECONFIG).notSupported("cert_file", GIVE_IN_KUBECONFIG)
                .notSupported("client_key", GIVE_IN_KUBECONFIG).notSupported("key_file", GIVE_IN_KUBECONFIG)
                .notSupported("username", GIVE_IN_KUBECONFIG).notSupported("password", GIVE_IN_KUBECONFIG)
                .notSupported("impersonate_user", GIVE_IN_KUBECONFIG).notSupported("impersonate_groups", GIVE_IN_KUBECONFIG)
                .notSupported("proxy", "the JVM's proxy settings apply (-Dhttps.proxyHost, -Dhttps.proxyPort)")
                .notSupported("no_proxy", "the JVM's proxy settings apply (-Dhttp.nonProxyHosts)")
                .notSupported("proxy_headers", "the JVM's proxy settings apply")
                .notSupported("persist_config", "runner never writes the kubeconfig back (refreshed tokens stay in memory)");
    }

    private static final String GIVE_IN_KUBECONFIG = "give it in the kubeconfig's user (client-certificate, client-key, username, password, as)";

    /** A gateway for the task: its connection's shared client, its check mode, the run's redactor. */
    public static KubeGateway gateway(Map<String, Object> args, ModuleContext ctx) {
        KubeConnection connection = connection(args, ctx);
        Session session = ctx.shared(connection.key(), Session.class, () -> {
            ApiWarnings warnings = new ApiWarnings();
            return new Session(connection.open(warnings), warnings);
        });
        return new KubeGateway(session.client, session.kinds, ctx.checkMode(), ctx::secret, session.warnings);
    }

    /**
     * Gateways over the run's shared client of {@code connection}, one per task scope (its check
     * mode, its redactor): how the Kubernetes platform of a run is wired.
     */
    public static java.util.function.Function<io.mm2dr.platform.TaskScope, KubeGateway> gateways(KubeConnection connection, ModuleContext ctx) {
        Session session = ctx.shared(connection.key(), Session.class, () -> {
            ApiWarnings warnings = new ApiWarnings();
            return new Session(connection.open(warnings), warnings);
        });
        return scope -> new KubeGateway(session.client, session.kinds, scope.checkMode(), scope.secrets(), session.warnings);
    }

    public static KubeConnection connection(Map<String, Object> args, ModuleContext ctx) {
        Object inline = args.get("kubeconfig");
        if (inline == null && ctx.environment().get("K8S_AUTH_KUBECONFIG") == null && ctx.vars().get("k8s_kubeconfig") != null) {
            Object fromVars = ctx.template(ctx.vars().get("k8s_kubeconfig"));
            if (fromVars instanceof Map<?, ?>) {
                inline = fromVars;   // the inventory's k8s_kubeconfig as a mapping, as the task's
            }
        }
        String kubeconfigText = null;
        if (inline instanceof Map<?, ?> m) {
            // a kubeconfig in memory (as lookup('file', ...) | from_yaml gives): its credentials are secrets
            try {
                // JSON is YAML: fabric8 reads it as a kubeconfig file's text
                kubeconfigText = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ArgumentError("argument 'kubeconfig': the mapping cannot be read as a kubeconfig: " + e.getOriginalMessage());
            }
            redactCredentials(m, ctx);
        }
        String kubeconfig = kubeconfigText != null ? null : setting(args, ctx, SETTINGS.get(0));
        String context = setting(args, ctx, SETTINGS.get(1));
        String host = setting(args, ctx, SETTINGS.get(2));
        String apiKey = setting(args, ctx, SETTINGS.get(3));
        String validate = setting(args, ctx, SETTINGS.get(4));
        String caCert = setting(args, ctx, SETTINGS.get(5));
        String timeout = setting(args, ctx, SETTINGS.get(6));
        if (apiKey != null) {
            ctx.secret(apiKey);
        }
        return new KubeConnection(
                kubeconfig == null ? null : expandHome(kubeconfig), kubeconfigText,
                context, host, apiKey,
                validate == null ? null : bool(validate, "validate_certs"),
                caCert == null ? null : expandHome(caCert),
                timeout == null ? KubeConnection.DEFAULT_REQUEST_TIMEOUT : positiveInt(timeout, "request_timeout"),
                KubeConnection.DEFAULT_RETRIES);
    }

    /** The users' tokens, passwords, keys and certificates of a kubeconfig: never shown. */
    private static void redactCredentials(Map<?, ?> kubeconfig, ModuleContext ctx) {
        if (kubeconfig.get("users") instanceof List<?> users) {
            for (Object u : users) {
                if (u instanceof Map<?, ?> entry && entry.get("user") instanceof Map<?, ?> user) {
                    for (String key : List.of("token", "password", "client-key-data", "client-certificate-data")) {
                        if (user.get(key) != null && !String.valueOf(user.get(key)).isEmpty()) {
                            ctx.secret(String.valueOf(user.get(key)));
                        }
                    }
                    // an auth provider's tokens and secrets, and an exec plugin's environment
                    if (user.get("auth-provider") instanceof Map<?, ?> provider && provider.get("config") instanceof Map<?, ?> config) {
                        for (Object v : config.values()) {
                            if (v != null && String.valueOf(v).length() >= 8) {
                                ctx.secret(String.valueOf(v));
                            }
                        }
                    }
                    if (user.get("exec") instanceof Map<?, ?> exec && exec.get("env") instanceof List<?> env) {
                        for (Object e : env) {
                            if (e instanceof Map<?, ?> var && var.get("value") != null && !String.valueOf(var.get("value")).isEmpty()) {
                                ctx.secret(String.valueOf(var.get("value")));
                            }
                        }
                    }
                }
            }
        }
    }

    private static String setting(Map<String, Object> args, ModuleContext ctx, Setting s) {
        Object v = args.get(s.arg);
        if (v == null) {
            v = ctx.environment().get(s.env);
        }
        if (v == null && ctx.vars().get(s.var) != null) {
            v = ctx.template(ctx.vars().get(s.var));
        }
        if (v == null) {
            v = System.getenv(s.env);
        }
        if (v == null || String.valueOf(v).isBlank()) {
            return null;
        }
        return String.valueOf(v);
    }

    private static Path expandHome(String p) {
        return Path.of(io.mm2dr.engine.files.UserPaths.expandUser(p)).toAbsolutePath().normalize();
    }

    private static boolean bool(String v, String name) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ArgumentError("'" + name + "' must be a boolean, got '" + v + "'");
        };
    }

    private static int positiveInt(String v, String name) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ArgumentError("'" + name + "' must be a positive number of seconds, got '" + v + "'");
    }

    /** One client per connection, shared by every task of the run and closed at its end. */
    private static final class Session implements AutoCloseable {
        final KubernetesClient client;
        final ResourceKinds kinds;
        final ApiWarnings warnings;

        Session(KubernetesClient client, ApiWarnings warnings) {
            this.client = client;
            this.kinds = new ResourceKinds(client);
            this.warnings = warnings;
        }

        @Override
        public void close() {
            client.close();
        }
    }

}
