package io.mm2dr.engine.model;

import static io.mm2dr.engine.model.Keyword.Level.BLOCK;
import static io.mm2dr.engine.model.Keyword.Level.PLAY;
import static io.mm2dr.engine.model.Keyword.Level.TASK;
import static io.mm2dr.engine.model.Keyword.Support.NO_EFFECT;
import static io.mm2dr.engine.model.Keyword.Support.REFUSED;
import static io.mm2dr.engine.model.Keyword.Support.SUPPORTED;

import io.mm2dr.engine.model.Keyword.Level;
import io.mm2dr.engine.model.Keyword.Support;
import io.mm2dr.engine.model.Keyword.Type;
import io.mm2dr.engine.module.Names;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlMap;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every playbook keyword the runner knows, each declared once with its type and, per level (play,
 * block, task), whether it is honoured, accepted with no effect or refused by name (ansible-core's
 * {@code FieldAttribute}s, in one table). The loader refuses unknown keys and reads values through
 * it; {@link #readmeSection()} writes the README's keyword list from it.
 */
public final class KeywordTable {
    /** README markers of the generated keyword section. */
    public static final String KEYWORDS_BEGIN = "<!-- BEGIN supported-keywords -->";
    public static final String KEYWORDS_END = "<!-- END supported-keywords -->";

    private static final Map<String, Keyword> ALL = new LinkedHashMap<>();

    // keywords of plays, blocks and tasks
    public static final Keyword NAME = all("name", Type.TEXT, "what the output calls it");
    public static final Keyword TAGS = all("tags", Type.TAGS, "for --tags and --skip-tags");
    public static final Keyword VARS = all("vars", Type.MAPPING, "variables");
    public static final Keyword IGNORE_ERRORS = all("ignore_errors", Type.FLAG, "a failure does not stop the host");
    public static final Keyword NO_LOG = all("no_log", Type.FLAG, "hide arguments and results");
    public static final Keyword CHECK_MODE = all("check_mode", Type.FLAG, "force check mode on or off");
    public static final Keyword DIFF = all("diff", Type.FLAG, "force diff mode on or off");
    public static final Keyword ENVIRONMENT = all("environment", Type.MAPPING, "environment variables for the modules");
    public static final Keyword MODULE_DEFAULTS = all("module_defaults", Type.ANY, "default arguments by module or group");
    public static final Keyword RUN_ONCE = all("run_once", Type.FLAG, "run on the first host only");
    public static final Keyword WHEN = define("when", Type.CONDITIONS, "conditions", Map.of(PLAY, REFUSED, BLOCK, SUPPORTED, TASK, SUPPORTED));
    public static final Keyword DELEGATE_TO = define("delegate_to", Type.TEXT, "localhost only", Map.of(BLOCK, SUPPORTED, TASK, SUPPORTED));
    static {
        for (String k : List.of("connection", "collections", "debugger", "throttle", "any_errors_fatal", "ignore_unreachable")) {
            define(k, Type.ANY, "no effect: everything runs on this machine", Map.of(PLAY, NO_EFFECT, BLOCK, NO_EFFECT, TASK, NO_EFFECT));
        }
        define("delegate_facts", Type.ANY, "no effect: everything runs on this machine", Map.of(BLOCK, NO_EFFECT, TASK, NO_EFFECT));
        for (String k : List.of("become", "become_user", "become_method")) {
            define(k, Type.ANY, "not supported", Map.of(PLAY, REFUSED, BLOCK, REFUSED, TASK, REFUSED));
        }
        define("become_flags", Type.ANY, "not supported", Map.of(BLOCK, REFUSED, TASK, REFUSED));
        define("timeout", Type.ANY, "not supported on a block or task", Map.of(PLAY, SUPPORTED, BLOCK, REFUSED, TASK, REFUSED));
    }

    // plays
    public static final Keyword HOSTS = play("hosts", Type.ANY, "the host pattern");
    public static final Keyword VARS_FILES = play("vars_files", Type.ANY, "files of variables");
    public static final Keyword PRE_TASKS = play("pre_tasks", Type.TASKS, "tasks before the roles");
    public static final Keyword ROLES = play("roles", Type.ANY, "roles to run");
    public static final Keyword TASKS = play("tasks", Type.TASKS, "tasks");
    public static final Keyword POST_TASKS = play("post_tasks", Type.TASKS, "tasks after the tasks");
    public static final Keyword HANDLERS = play("handlers", Type.TASKS, "handlers");
    public static final Keyword FORCE_HANDLERS = play("force_handlers", Type.FLAG, "run notified handlers even after a failure");
    public static final Keyword GATHER_FACTS = play("gather_facts", Type.ANY, "accepted; facts are not gathered");
    public static final Keyword IMPORT_PLAYBOOK = play("import_playbook", Type.TEXT, "another playbook, in place");
    static {
        for (String k : List.of("vars_prompt", "serial", "strategy", "max_fail_percentage", "order", "gather_subset",
                "gather_timeout", "fact_path")) {
            define(k, Type.ANY, "not supported", Map.of(PLAY, REFUSED));
        }
    }

    // blocks
    public static final Keyword BLOCK_BODY = define("block", Type.TASKS, "the block's tasks", Map.of(BLOCK, SUPPORTED));
    public static final Keyword RESCUE = define("rescue", Type.TASKS, "tasks when the block failed", Map.of(BLOCK, SUPPORTED));
    public static final Keyword ALWAYS = define("always", Type.TASKS, "tasks after the block in any case", Map.of(BLOCK, SUPPORTED));

    // tasks
    public static final Keyword LOOP = task("loop", Type.ANY, "the items to run the task for");
    public static final Keyword LOOP_CONTROL = task("loop_control", Type.MAPPING, "loop_var, index_var, label, pause, extended");
    public static final Keyword WITH_ITEMS = task("with_items", Type.ANY, "a loop over the items, flattened one level");
    public static final Keyword WITH_LIST = task("with_list", Type.ANY, "a loop over the list");
    public static final Keyword WITH_DICT = task("with_dict", Type.ANY, "a loop over a mapping's key/value pairs");
    public static final Keyword REGISTER = task("register", Type.TEXT, "keep the result in this variable");
    public static final Keyword UNTIL = task("until", Type.CONDITIONS, "retry until these hold");
    public static final Keyword RETRIES = task("retries", Type.COUNT, "how many retries for until (3)");
    public static final Keyword DELAY = task("delay", Type.SECONDS, "seconds between retries (5)");
    public static final Keyword FAILED_WHEN = task("failed_when", Type.CONDITIONS, "when the result is a failure");
    public static final Keyword CHANGED_WHEN = task("changed_when", Type.CONDITIONS, "when the result is a change");
    public static final Keyword NOTIFY = task("notify", Type.NAMES, "handlers to notify on a change");
    public static final Keyword LISTEN = task("listen", Type.NAMES, "topics a handler answers to");
    public static final Keyword ARGS = task("args", Type.MAPPING, "more arguments for the module");
    public static final Keyword ACTION = task("action", Type.ANY, "the module, as a keyword");
    public static final Keyword LOCAL_ACTION = task("local_action", Type.ANY, "the module, as a keyword");
    static {
        for (String k : List.of("async", "poll")) {
            define(k, Type.ANY, "not supported", Map.of(TASK, REFUSED));
        }
    }

    private KeywordTable() {
    }

    private static Keyword all(String name, Type type, String description) {
        return define(name, type, description, Map.of(PLAY, SUPPORTED, BLOCK, SUPPORTED, TASK, SUPPORTED));
    }

    private static Keyword play(String name, Type type, String description) {
        return define(name, type, description, Map.of(PLAY, SUPPORTED));
    }

    private static Keyword task(String name, Type type, String description) {
        return define(name, type, description, Map.of(TASK, SUPPORTED));
    }

    private static Keyword define(String name, Type type, String description, Map<Level, Support> levels) {
        Keyword k = new Keyword(name, type, new EnumMap<>(levels), description);
        if (ALL.put(name, k) != null) {
            throw new IllegalStateException("keyword declared twice: " + name);
        }
        return k;
    }

    /** Every keyword, in declaration order. */
    public static Collection<Keyword> all() {
        return ALL.values();
    }

    public static Keyword get(String name) {
        return ALL.get(name);
    }

    /** Whether {@code key} may be written at this level: a keyword of it, or a {@code with_<lookup>} loop on a task. */
    public static boolean knownAt(String key, Level level) {
        Keyword k = ALL.get(key);
        return k != null ? k.knownAt(level) : level == TASK && isWithLoop(key);
    }

    /** The names known at a level (for "did you mean" hints). */
    public static Set<String> namesAt(Level level) {
        return names(level, null);
    }

    private static Set<String> names(Level level, Support support) {
        Set<String> out = new LinkedHashSet<>();
        for (Keyword k : ALL.values()) {
            if (k.knownAt(level) && (support == null || k.supportAt(level) == support)) {
                out.add(k.name());
            }
        }
        return out;
    }

    /** {@code with_<lookup>}: a loop whose items a lookup makes from the value. */
    public static boolean isWithLoop(String key) {
        return key.startsWith("with_") && key.length() > 5 && key.substring(5).matches("[a-z_][a-z0-9_]*");
    }

    /** Refuses a keyword that is known at this level but not supported by the runner, naming it. */
    public static void refuseUnsupported(YamlMap m, Level level) {
        for (String k : m.keySet()) {
            Keyword kw = ALL.get(k);
            if (kw != null && kw.supportAt(level) == REFUSED) {
                String what = level == PLAY ? "play keyword '" : "keyword '";
                throw new PlaybookError(what + k + "' is not supported by runner", m.posOf(k));
            }
        }
    }

    /** The error for a key that is no keyword at a level, with the nearest keyword as a hint. */
    public static PlaybookError unknown(String key, Set<String> allowed, String what, SourcePos p) {
        String near = Names.nearest(key, allowed);
        return new PlaybookError("'" + key + "' is not a valid attribute for a " + what
                + (near != null ? " (did you mean '" + near + "'?)" : ""), p);
    }

    /**
     * The README's keyword section: what each level accepts, what it accepts with no effect, and
     * what it refuses by name.
     */
    public static String readmeSection() {
        Set<String> common = new TreeSet<>();
        for (Keyword k : ALL.values()) {
            if (k.supportAt(BLOCK) == SUPPORTED && k.supportAt(TASK) == SUPPORTED) {
                common.add(k.name());
            }
        }
        Set<String> blockOnly = new TreeSet<>(names(BLOCK, SUPPORTED));
        blockOnly.removeAll(common);
        Set<String> taskOnly = new TreeSet<>(names(TASK, SUPPORTED));
        taskOnly.removeAll(common);
        Set<String> noEffect = new TreeSet<>(names(BLOCK, NO_EFFECT));
        noEffect.addAll(names(PLAY, NO_EFFECT));
        Set<String> refusedBelow = new TreeSet<>(names(BLOCK, REFUSED));
        refusedBelow.addAll(names(TASK, REFUSED));
        StringBuilder types = new StringBuilder();
        for (Type t : List.of(Type.FLAG, Type.MAPPING, Type.CONDITIONS, Type.COUNT, Type.SECONDS, Type.NAMES, Type.TAGS)) {
            Set<String> of = new TreeSet<>();
            String words = null;
            for (Keyword k : ALL.values()) {
                if (k.type() == t && k.levels().containsValue(SUPPORTED)) {
                    of.add(k.name());
                    words = k.typeWords();
                }
            }
            if (!of.isEmpty()) {
                types.append(types.length() == 0 ? "" : "; ").append(list(of)).append(": ").append(words);
            }
        }
        return KEYWORDS_BEGIN + "\n"
                + "- Play: " + list(names(PLAY, SUPPORTED)) + ".\n"
                + "- Play, block and task: " + list(common) + " (`delegate_to` and `when` on blocks and tasks only).\n"
                + "- Block: " + list(blockOnly) + ".\n"
                + "- Task: " + list(taskOnly) + ", `with_<lookup>` for every lookup, and the module (or `action`).\n"
                + "- Types, checked when the playbook is loaded: " + types + ".\n"
                + "- Accepted with no effect (everything runs on this machine): " + list(noEffect) + ".\n"
                + "- Refused by name when the playbook is loaded: on a play " + list(names(PLAY, REFUSED))
                + "; on a block or task " + list(refusedBelow) + ".\n"
                + KEYWORDS_END + "\n";
    }

    private static String list(Collection<String> names) {
        return new TreeSet<>(names).stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
    }
}
