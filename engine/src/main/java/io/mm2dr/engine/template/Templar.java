package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TextNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.interpret.AutoCloseableSupplier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templating like Ansible's Jinja2, on top of jinjava.
 *
 * <ul>
 *   <li>{@link #template} walks maps and lists; a string that is exactly one {@code {{ expr }}} keeps
 *       the type of the value (dict, list, int, bool, None); other templates render to text where
 *       values print as Python does;</li>
 *   <li>variables may themselves hold templates and are rendered when used (lazy), with detection of
 *       variables that refer to themselves;</li>
 *   <li>undefined variables are errors unless tested ({@code is defined}) or defaulted;</li>
 *   <li>{@link UnsafeText} is never templated.</li>
 * </ul>
 *
 * <p>An instance is used by one thread at a time. It keeps one interpreter per nesting depth and a
 * bounded cache of parsed templates, so repeated renders are cheap.
 *
 * <p>Just over 500 lines on purpose: the engine's one entry to templating; what it delegates
 * (filters, tests, lookups, template composition, expressions) is already in classes of its own.
 */
public final class Templar {
    /** The value of the variable {@code omit}: the engine drops module arguments equal to it. */
    public static final String OMIT = "__omit_place_holder__" + randomHex();

    private static final int PARSE_CACHE_SIZE = 4096;

    /** Set up at the first template that must really be evaluated: text without markup never needs it. */
    private AnsibleJinjava jinjava;
    /** Interpreter for each nesting depth (variables that are templates, lookup('template')). */
    private final List<Level> levels = new ArrayList<>();
    private int depth = 0;
    private RenderSession session;
    private final Map<String, ParsedTemplate> parseCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedTemplate> eldest) {
            return size() > PARSE_CACHE_SIZE;
        }
    };

    public Templar() {
        // jinjava (its filters, tests, EL, Jackson, JMESPath) is set up on first use, see jinjava()
    }

    // ---------------------------------------------------------------- public API

    /**
     * Templates {@code value}: Strings with template markup are rendered, Maps and Lists are
     * templated deeply (keys too) into new LinkedHashMap/ArrayList, everything else is returned
     * unchanged. A string that is one whole {@code {{ expr }}} returns the native value as plain
     * data (or the {@link UnsafeText} itself when the expression yields an unsafe value).
     */
    public Object template(Object value, Map<String, Object> vars, TemplateContext ctx) {
        // inSession's steps, without a lambda: every task's arguments come this way
        if (session != null) {
            return templateDeep(value);
        }
        session = new RenderSession(this, vars, ctx);
        try {
            return templateDeep(value);
        } finally {
            session = null;
        }
    }

    /** Evaluates a bare Jinja expression ({@code result.rc != 0}) and returns its native value as plain data. */
    public Object evaluate(String expression, Map<String, Object> vars, TemplateContext ctx) {
        return inSession(vars, ctx, () -> {
            try {
                return finish(evaluateIn(session, expression, session.rootVars(), session.rootContext()));
            } catch (TemplateError e) {
                throw e.inTemplate(expression);
            }
        });
    }

    /**
     * Evaluates a {@code when}/{@code failed_when}/{@code until}/{@code assert} condition: a bare
     * expression or a {@code {{ ... }}} template, a Boolean, or null (true). Python truthiness.
     */
    public boolean evaluateCondition(Object condition, Map<String, Object> vars, TemplateContext ctx) {
        if (condition == null) {
            return true;
        }
        if (condition instanceof Boolean b) {
            return b;
        }
        if (condition instanceof Collection<?> all) {
            // a list of conditions, as `when:` accepts: all must hold
            for (Object each : all) {
                if (!evaluateCondition(each, vars, ctx)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Number || condition instanceof Map) {
            return truthy(condition);
        }
        String text = condition.toString().trim();
        if (text.isEmpty()) {
            return true;
        }
        return inSession(vars, ctx, () -> {
            Object result;
            if (isTemplate(text)) {
                // like Ansible: render first, then evaluate the text as a condition ("{{ a }} == 1")
                result = renderString(session, text, session.rootVars(), session.rootContext(), true);
                if (result instanceof CharSequence cs) {
                    String rendered = cs.toString().trim();
                    result = rendered.isEmpty() ? Boolean.FALSE
                            : evaluateIn(session, rendered, session.rootVars(), session.rootContext());
                }
            } else {
                result = evaluateIn(session, text, session.rootVars(), session.rootContext());
            }
            try {
                return truthy(result);
            } catch (TemplateError e) {
                throw e.inTemplate(text);
            }
        });
    }

    /**
     * Renders a template file's text to text as the {@code template} module does, with its Jinja
     * options (trim_blocks, lstrip_blocks, newline_sequence, delimiters); a {@code #jinja2:} first
     * line overrides them.
     */
    public String renderTemplate(String text, Map<String, Object> vars, TemplateContext ctx, JinjaOptions options) {
        return inSession(vars, ctx, () -> {
            try {
                Object result = renderString(session, text, session.rootVars(), session.rootContext(), false, options);
                return result instanceof String s ? s : render(finish(result));
            } catch (TemplateError e) {
                throw e.inTemplate(text);
            }
        });
    }

    /** True when the value is a String containing {@code {{}, {@code {%} or {@code {#}. */
    public static boolean isTemplate(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        int i = s.indexOf('{');
        while (i >= 0 && i + 1 < s.length()) {
            char next = s.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return true;
            }
            i = s.indexOf('{', i + 1);
        }
        return false;
    }

    /** Python truthiness: None, False, 0, "", empty list/dict are false; the string "false" is true. */
    public static boolean truthy(Object v) {
        v = PlainData.unwrap(v);
        if (v == null) {
            return false;
        }
        if (v instanceof StrictUndefined u) {
            throw u.error();
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence cs) {
            return cs.length() > 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(v) > 0;
        }
        return true;
    }

    /**
     * Checks a template for syntax errors, unknown filters and unknown tests without evaluating it.
     *
     * @throws TemplateSyntaxError for a syntax error
     * @throws TemplateError       for an unknown filter or test
     */
    public void validate(String template) {
        if (!isTemplate(template)) {
            return;
        }
        Level level = enter();
        try {
            level.root.bind(null, Map.of(), TemplateContext.NONE);
            TemplateValidator.validate(this, level, template);
        } finally {
            exit(level);
        }
    }

    /**
     * Checks that a bare expression (a {@code when:} condition) names only filters, tests and lookups
     * that exist; its syntax is left to evaluation.
     *
     * @throws TemplateError naming the unknown filter, test or lookup
     */
    public void validateNames(String expression) {
        Level level = enter();
        try {
            level.root.bind(null, Map.of(), TemplateContext.NONE);
            TemplateValidator.checkNames(level.interpreter.getContext(), expression);
        } finally {
            exit(level);
        }
    }

    /** Deep conversion to plain data (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null). */
    public static Object plain(Object value) {
        return PlainData.plain(value);
    }

    /** Python-style {@code str()}: True/False/None, {@code ['a', 1]}, {@code {'a': 1}}. */
    public static String render(Object value) {
        return PythonRepr.str(value);
    }

    // ---------------------------------------------------------------- internals

    private interface SessionWork<T> {
        T run();
    }

    private <T> T inSession(Map<String, Object> vars, TemplateContext ctx, SessionWork<T> work) {
        if (session != null) {
            // re-entrant call (from inside a render): keep the current session
            return work.run();
        }
        session = new RenderSession(this, vars, ctx);
        try {
            return work.run();
        } finally {
            session = null;
        }
    }

    private Object templateDeep(Object value) {
        if (value instanceof String s) {
            if (!isTemplate(s)) {
                return s;
            }
            try {
                return finish(renderString(session, s, session.rootVars(), session.rootContext(), true));
            } catch (TemplateError e) {
                throw e.inTemplate(s);
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = templateDeep(e.getKey());
                out.put(key instanceof String k ? k : PythonRepr.str(key), templateDeep(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(templateDeep(item));
            }
            return out;
        }
        return value;
    }

    /** A native result as the caller gets it: undefined is an error, unsafe stays unsafe, the rest plain data. */
    private static Object finish(Object result) {
        if (result instanceof StrictUndefined u) {
            throw u.error();
        }
        if (result instanceof UnsafeText) {
            return result;
        }
        return PlainData.plain(result);
    }

    /**
     * Renders {@code text} with {@code vars} in a fresh interpreter scope. With {@code nativeResult}
     * and a template that is one whole expression, returns the expression's value as jinjava produced
     * it (lazy views not materialised); otherwise the rendered String.
     */
    Object renderString(RenderSession renderSession, String text, Map<String, Object> vars, TemplateContext ctx,
            boolean nativeResult) {
        return renderString(renderSession, text, vars, ctx, nativeResult, TemplateResourceLocator.current(), true);
    }

    /**
     * As above; {@code playbookString} says the text comes from a playbook or variable (backslashes in
     * string literals of {@code {{ }}} are literal, as Ansible escapes them) rather than a template file.
     */
    Object renderString(RenderSession renderSession, String text, Map<String, Object> vars, TemplateContext ctx,
            boolean nativeResult, boolean playbookString) {
        return renderString(renderSession, text, vars, ctx, nativeResult, TemplateResourceLocator.current(), playbookString);
    }

    /** A template file's text with Jinja options; a {@code #jinja2:} first line overrides them. */
    Object renderString(RenderSession renderSession, String text, Map<String, Object> vars, TemplateContext ctx,
            boolean nativeResult, JinjaOptions options) {
        return renderString(renderSession, text, vars, ctx, nativeResult, options, false);
    }

    private Object renderString(RenderSession renderSession, String text, Map<String, Object> vars,
            TemplateContext ctx, boolean nativeResult, JinjaOptions options, boolean playbookString) {
        JinjaSource.Header header = JinjaSource.header(text, options);
        if (header != null) {
            text = header.text();
            options = header.options();
        }
        Level level = options.standardDelimiters() ? enter() : enter(AnsibleJinjava.withDelimiters(options.delimiters()));
        JinjaOptions outerOptions = TemplateResourceLocator.use(options);
        try {
            level.root.bind(renderSession, vars, ctx);
            JinjavaInterpreter interpreter = level.interpreter;
            try {
                ParsedTemplate parsed = parsed(level, playbookString ? PlaybookBackslashes.escape(text) : text, options);
                Object result;
                if (nativeResult && parsed.wholeExpression() != null) {
                    result = interpreter.resolveELExpression(parsed.wholeExpression(), parsed.expressionLine());
                    if (result instanceof String && parsed.hasSurroundingText()) {
                        // text stays text: "  {{ name }}\n" keeps its spaces and newline
                        throwRecordedErrors(interpreter, text);
                        result = JinjaTemplates.render(interpreter, parsed.root(), true);
                    }
                } else {
                    result = JinjaTemplates.render(interpreter, parsed.root(), true);
                }
                throwRecordedErrors(interpreter, text);
                if (result instanceof String rendered) {
                    result = JinjaSource.restoreTrailingNewlines(text, rendered, options);
                    if (nativeResult && playbookString && parsed.wholeExpression() == null) {
                        // as Ansible's concat: text that reads as a Python list, dict or bool becomes one
                        result = PythonLiteral.convert((String) result);
                    }
                }
                return result;
            } catch (RuntimeException e) {
                throwRecordedErrors(interpreter, text);
                throw JinjavaErrors.fromException(e, text);
            }
        } finally {
            TemplateResourceLocator.use(outerOptions);
            exit(level);
        }
    }

    /** Evaluates a bare expression in a fresh interpreter scope; the raw jinjava value. */
    Object evaluateIn(RenderSession renderSession, String expression, Map<String, Object> vars, TemplateContext ctx) {
        Level level = enter();
        try {
            level.root.bind(renderSession, vars, ctx);
            JinjavaInterpreter interpreter = level.interpreter;
            String expr = NestedBraceRewriter.rewrite("{{ " + expression + " }}");
            expr = expr.substring(3, expr.length() - 3);
            try {
                Object result = interpreter.resolveELExpression(expr, 1);
                throwRecordedErrors(interpreter, expression);
                return result;
            } catch (RuntimeException e) {
                throwRecordedErrors(interpreter, expression);
                throw JinjavaErrors.fromException(e, expression);
            }
        } finally {
            exit(level);
        }
    }

    /** The jinjava set-up, created at its first use (a playbook without templates never pays for it). */
    AnsibleJinjava jinjava() {
        if (jinjava == null) {
            jinjava = new AnsibleJinjava();
        }
        return jinjava;
    }

    private static void throwRecordedErrors(JinjavaInterpreter interpreter, String text) {
        if (interpreter.getLastError().isEmpty()) {
            return;
        }
        List<com.hubspot.jinjava.interpret.TemplateError> errors = interpreter.getErrorsCopy();
        JinjavaErrors.clear(interpreter);
        TemplateError failure = JinjavaErrors.firstFailure(errors, text);
        if (failure != null) {
            throw failure;
        }
    }

    Node parse(Level level, String text) {
        return parsed(level, text, JinjaOptions.DEFAULT).root();
    }

    ParsedTemplate parsed(Level level, String text, JinjaOptions options) {
        String key = options.equals(JinjaOptions.DEFAULT) ? text : options + "\u0000" + text;
        ParsedTemplate parsed = parseCache.get(key);
        if (parsed != null) {
            return parsed;
        }
        String source = JinjaSource.prepare(text, options);
        if (options.standardDelimiters()) {
            source = NestedBraceRewriter.rewrite(source);
        }
        Node root = level.interpreter.parse(source);
        throwRecordedErrors(level.interpreter, text);
        if (options.standardDelimiters()) {
            try {
                TemplateValidator.checkNames(this, level.interpreter, root);
            } catch (TemplateError e) {
                throw e.inTemplate(text);
            }
        }
        parsed = ParsedTemplate.of(root);
        parseCache.put(key, parsed);
        return parsed;
    }

    /** Takes the interpreter for the next nesting depth, with a fresh local scope. */
    private Level enter() {
        return enter(null);
    }

    /** As {@link #enter()}; with {@code custom}, a new interpreter of that jinjava (other delimiters). */
    private Level enter(AnsibleJinjava custom) {
        if (depth >= 200) {
            throw new TemplateError("recursive loop detected in template string: templates nested too deeply");
        }
        if (depth == levels.size()) {
            levels.add(new Level(jinjava()));
        }
        Level level = custom == null ? levels.get(depth) : new Level(custom);
        depth++;
        level.current = JinjavaInterpreter.closeablePushCurrent(level.interpreter).get();
        level.interpreter.enterScope();
        return level;
    }

    private void exit(Level level) {
        // leave our scope, and any that an aborted tag left open
        while (level.interpreter.getContext() != level.root) {
            level.interpreter.leaveScope();
        }
        JinjavaErrors.clear(level.interpreter);
        level.root.unbind();
        level.current.close();
        level.current = null;
        depth--;
    }

    /** One interpreter with its own root context. */
    static final class Level {
        final VariableContext root;
        final JinjavaInterpreter interpreter;
        /** Keeps the interpreter on jinjava's "current interpreter" stack while the level is in use. */
        AutoCloseableSupplier.AutoCloseableImpl<JinjavaInterpreter> current;

        Level(AnsibleJinjava jinjava) {
            this.root = new VariableContext(jinjava.getGlobalContext(), jinjava.guards());
            this.interpreter = new JinjavaInterpreter(jinjava, root, jinjava.getGlobalConfig());
        }
    }

    /** A parsed template; {@code wholeExpression} is set when it is exactly one {@code {{ expr }}}. */
    record ParsedTemplate(Node root, String wholeExpression, int expressionLine) {
        boolean hasSurroundingText() {
            return root.getChildren().size() > 1;
        }

        static ParsedTemplate of(Node root) {
            ExpressionNode only = null;
            for (Node child : root.getChildren()) {
                if (child instanceof TextNode && child.getMaster().getImage().isBlank()) {
                    continue;
                }
                if (child instanceof ExpressionNode expression && only == null) {
                    only = expression;
                    continue;
                }
                return new ParsedTemplate(root, null, 0);
            }
            if (only == null) {
                return new ParsedTemplate(root, null, 0);
            }
            return new ParsedTemplate(root, ((ExpressionToken) only.getMaster()).getExpr(), only.getLineNumber());
        }
    }

    /**
     * 128 random bits: the placeholder only has to differ from any value a playbook holds. Not
     * SecureRandom, whose set-up (security providers, the system's entropy) is a noticeable part of
     * the start-up of a short run.
     */
    private static String randomHex() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong() ^ System.nanoTime());
    }
}
