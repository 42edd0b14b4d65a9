package io.mm2dr.engine.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nested argument specifications, as Ansible's {@code options} and {@code elements}, at every depth. */
class ArgSpecTest {

    private static final ArgSpec SECRET_REF = ArgSpec.builder()
            .arg("name", ArgType.STR).required().add()
            .arg("key", ArgType.STR).defaultValue("password").add()
            .build();

    private static final ArgSpec SERVER = ArgSpec.builder()
            .arg("host", ArgType.STR).required().aliases("hostname").add()
            .arg("port", ArgType.INT).defaultValue(9092).add()
            .arg("protocol", ArgType.STR).choices("plain", "tls").defaultValue("plain").add()
            .arg("user", ArgType.STR).add()
            .arg("password_secret", ArgType.DICT).options(SECRET_REF).add()
            .arg("token", ArgType.STR).secret().add()
            .arg("tags", ArgType.LIST).elements(ArgType.STR).add()
            .requiredBy("user", "password_secret")
            .build();

    private static final ArgSpec MODULE = ArgSpec.builder()
            .arg("name", ArgType.STR).required().add()
            .arg("servers", ArgType.LIST).elements(ArgType.DICT).options(SERVER).notEmpty().add()
            .arg("limits", ArgType.DICT).options(ArgSpec.builder()
                    .arg("retries", ArgType.INT).defaultValue(3).add()
                    .arg("enabled", ArgType.BOOL).defaultValue(true).add()
                    .build()).applyDefaults().add()
            .arg("ports", ArgType.LIST).elements(ArgType.INT).add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").add()
            .requiredIf("state", "present", "servers")
            .build();

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> valid() {
        List<Object> servers = new ArrayList<>();
        servers.add(map("host", "a", "port", "9093", "protocol", "tls", "user", "u", "password_secret", map("name", "s")));
        servers.add(map("hostname", "b", "tags", "x, y"));
        return map("name", "n", "servers", servers);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(Map<String, Object> args, int i) {
        return (Map<String, Object>) ((List<Object>) args.get("servers")).get(i);
    }

    private static String error(Map<String, Object> args) {
        return assertThrows(ArgumentError.class, () -> MODULE.validate(args)).getMessage();
    }

    @Test
    void nestedValuesAreConvertedAndTheirDefaultsFilledIn() {
        Map<String, Object> out = MODULE.validate(valid());
        assertEquals(map("name", "n",
                "servers", List.of(
                        map("host", "a", "port", 9093L, "protocol", "tls", "user", "u", "password_secret", map("name", "s", "key", "password"),
                                "token", null, "tags", null),
                        map("host", "b", "tags", List.of("x", "y"), "port", 9092, "protocol", "plain", "user", null,
                                "password_secret", null, "token", null)),
                "limits", map("retries", 3, "enabled", true),
                "ports", null,
                "state", "present").toString(), out.toString());
    }

    @Test
    void listElementsAreConvertedToTheirType() {
        Map<String, Object> args = valid();
        args.put("ports", List.of("1", 2L, 3.0));
        assertEquals(List.of(1L, 2L, 3L), MODULE.validate(args).get("ports"));
        args.put("ports", List.of(1, "two"));
        assertEquals("ports[1]: expected an integer, got str 'two'", error(args));
    }

    @Test
    void anUnknownNestedKeyIsNamedByItsPath() {
        Map<String, Object> args = valid();
        server(args, 1).put("prot", "tls");
        assertEquals("servers[1].prot: unknown key (known: host, port, protocol, user, password_secret, token, tags, hostname)",
                error(args));
        args = valid();
        server(args, 0).put("password_secret", map("name", "s", "kye", "k"));
        assertEquals("servers[0].password_secret.kye: unknown key (known: name, key)", error(args));
    }

    @Test
    void aMissingNestedKeyIsNamedByItsPath() {
        Map<String, Object> args = valid();
        server(args, 1).remove("hostname");
        assertEquals("servers[1].host: required key missing", error(args));
        args = valid();
        server(args, 0).put("password_secret", map("key", "k"));
        assertEquals("servers[0].password_secret.name: required key missing", error(args));
        args = valid();
        server(args, 1).put("host", null);
        server(args, 1).remove("hostname");
        assertEquals("servers[1].host: required key missing", error(args), "null counts as absent");
    }

    @Test
    void aNestedValueOfTheWrongTypeIsNamedByItsPath() {
        Map<String, Object> args = valid();
        server(args, 0).put("port", "ninety");
        assertEquals("servers[0].port: expected an integer, got str 'ninety'", error(args));
        args = valid();
        ((List<Object>) args.get("servers")).set(1, "b:9092");
        assertEquals("servers[1]: expected a mapping, got str 'b:9092'", error(args));
        args = valid();
        args.put("limits", map("enabled", "perhaps"));
        assertEquals("limits.enabled: expected a boolean, got str 'perhaps'", error(args));
        args = valid();
        args.put("servers", "a,b");
        assertEquals("argument 'servers' is of type str and we were unable to convert to list: a,b", error(args),
                "a text is not split into a list of mappings");
    }

    @Test
    void nestedChoicesAndRequiredByAreCheckedAtTheirPath() {
        Map<String, Object> args = valid();
        server(args, 1).put("protocol", "ssl");
        assertEquals("servers[1].protocol: 'ssl' is not one of plain, tls", error(args));
        args = valid();
        server(args, 0).remove("password_secret");
        assertEquals("servers[0].password_secret: required when user is given", error(args));
    }

    @Test
    void aliasesWorkInNestedOptionsAndAreNotGivenTwice() {
        Map<String, Object> args = valid();
        server(args, 1).put("host", "c");
        assertEquals("servers[1]: 'host' is given more than once (through an alias)", error(args));
    }

    @Test
    void topLevelErrorsKeepAnsiblesWording() {
        Map<String, Object> args = valid();
        args.remove("servers");
        assertEquals("state is present but all of the following are missing: servers", error(args));
        args.put("state", "absent");
        assertEquals(null, MODULE.validate(args).get("servers"), "not required when absent");
        args = valid();
        args.put("servers", List.of());
        assertEquals("argument 'servers' must not be empty", error(args));
        args = valid();
        args.remove("name");
        assertEquals("missing required arguments: name", error(args));
        args = valid();
        args.put("limits", "none");
        assertEquals("argument 'limits' is of type str and we were unable to convert to dict", error(args));
        ArgSpec topRequiredBy = ArgSpec.builder().arg("user", ArgType.STR).add().arg("password", ArgType.STR).add()
                .requiredBy("user", "password").build();
        assertEquals("missing parameter(s) required by 'user': password",
                assertThrows(ArgumentError.class, () -> topRequiredBy.validate(map("user", "u"))).getMessage());
    }

    @Test
    void anAbsentDictWithApplyDefaultsIsItsDefaults() {
        Map<String, Object> args = valid();
        args.put("limits", map("retries", "5"));
        assertEquals(map("retries", 5L, "enabled", true), MODULE.validate(args).get("limits"));
        ArgSpec without = ArgSpec.builder().arg("limits", ArgType.DICT).options(SECRET_REF).add().build();
        assertEquals(null, without.validate(map()).get("limits"), "without apply_defaults an absent dict stays absent");
    }

    @Test
    void secretValuesAreFoundAtAnyDepth() {
        Map<String, Object> args = valid();
        server(args, 1).put("token", "s3cr3t-token");
        ArgSpec top = ArgSpec.builder().arg("password", ArgType.STR).secret().add()
                .arg("servers", ArgType.LIST).elements(ArgType.DICT).options(SERVER).add().build();
        assertEquals(List.of("top-secret", "s3cr3t-token"),
                top.secretValues(map("password", "top-secret", "servers", args.get("servers"))));
        assertEquals(List.of("s3cr3t-token"), MODULE.secretValues(args));
    }

    @Test
    void aDeclarationThatCannotWorkIsRefusedWhenBuilt() {
        assertThrows(IllegalStateException.class, () -> ArgSpec.builder().arg("a", ArgType.STR).options(SECRET_REF).add());
        assertThrows(IllegalStateException.class, () -> ArgSpec.builder().arg("a", ArgType.STR).elements(ArgType.INT).add());
        assertThrows(IllegalStateException.class, () -> ArgSpec.builder().arg("a", ArgType.DICT).applyDefaults().add());
        assertThrows(IllegalStateException.class, () -> ArgSpec.builder().arg("a", ArgType.STR).add().requiredBy("a", "b").build());
    }
}
