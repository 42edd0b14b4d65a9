package io.mm2dr.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's template composition on jinjava: {@code extends} and {@code block} (with {@code super()},
 * {@code self.name()}, {@code scoped}, {@code required}, blocks collected from the whole template
 * also inside {@code if}, loops and macros, dynamic and conditional {@code extends}, any number of
 * levels), {@code include} (lists of names, {@code ignore missing}, with or without context),
 * {@code import} and {@code from ... import} (without context by default: the imported template sees
 * none of the render's variables).
 *
 * <p>A template is rendered by {@link #render}: its top-level scope holds a {@link Frame} with the
 * blocks of the inheritance chain (the child's first). After {@code extends} the template's own
 * top-level output is dropped (its code still runs: {@code set}, {@code macro}, {@code import}), then
 * the parent is rendered in the same top-level scope, so it sees what the child set.
 *
 * <p>Over 500 lines on purpose: {@code extends}, {@code block}, {@code include} and {@code import}
 * share one {@link Frame} and one inheritance walk; split apart, each tag would need the others'
 * internals, and the rules that tie them (what a child's top-level code sees, which blocks win)
 * would no longer be readable in one place.
 */
final class JinjaTemplates {
    static final String FRAME = "__jinja_template_frame__";
    private static final int MAX_LEVELS = 100;

    private JinjaTemplates() {
    }

    static void register(Jinjava jinjava) {
        jinjava.registerTag(new BlockTag());
        jinjava.registerTag(new ExtendsTag());
        jinjava.registerTag(new IncludeTag());
        jinjava.registerTag(new ImportTag());
        jinjava.registerTag(new FromTag());
    }

    // ---------------------------------------------------------------- analysis of a parsed template

    record BlockDef(String name, TagNode node, boolean scoped, boolean required) {
    }

    /** The blocks of a template and whether it uses inheritance at all. */
    record Analysis(Map<String, BlockDef> blocks, boolean inheritance) {
    }

    private static final Map<Node, Analysis> ANALYSES = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Collects the template's blocks and checks what Jinja2 checks when it compiles a template:
     * block options, the content of required blocks, blocks defined twice, macro and call block
     * parameter lists.
     */
    static Analysis analyse(Node root) {
        Analysis known = ANALYSES.get(root);
        if (known != null) {
            return known;
        }
        Map<String, BlockDef> blocks = new LinkedHashMap<>();
        boolean[] extendsTag = {false};
        walk(root, blocks, extendsTag);
        Analysis analysis = new Analysis(blocks, extendsTag[0] || !blocks.isEmpty());
        ANALYSES.put(root, analysis);
        return analysis;
    }

    private static void walk(Node node, Map<String, BlockDef> blocks, boolean[] extendsTag) {
        for (Node child : node.getChildren()) {
            if (child instanceof TagNode tag) {
                check(tag);
                if (tag.getTag() instanceof BlockTag) {
                    BlockDef def = BlockTag.parse(tag);
                    if (blocks.containsKey(def.name())) {
                        throw new TemplateSyntaxError("block '" + def.name() + "' defined twice", null, tag.getLineNumber());
                    }
                    blocks.put(def.name(), def);
                } else if (tag.getTag() instanceof ExtendsTag) {
                    extendsTag[0] = true;
                }
            }
            walk(child, blocks, extendsTag);
        }
    }

    /** The checks Jinja2 makes when it parses a tag (macro and call block parameters, block options). */
    static void check(TagNode tag) {
        Tag t = tag.getTag();
        if (t instanceof JinjaMacro.MacroTag) {
            JinjaMacro.MacroTag.parse(tag);
        } else if (t instanceof JinjaTags.PythonCallTag) {
            String helpers = tag.getHelpers().trim();
            if (helpers.startsWith("(")) {
                int close = TagSyntax.closing(helpers, 0);
                if (close > 0) {
                    JinjaMacro.signature("caller", helpers.substring(1, close), tag.getChildren(), tag.getLineNumber());
                }
            }
        } else if (t instanceof BlockTag) {
            BlockTag.parse(tag);
        } else if (t instanceof FromTag) {
            FromTag.parse(tag);
        }
    }

    // ---------------------------------------------------------------- rendering a template

    /** The inheritance state of one template render (shared by the templates of its extends chain). */
    static final class Frame {
        final Context scope;
        final Map<String, List<BlockDef>> blocks = new LinkedHashMap<>();
        Node parent;
        boolean extended;

        Frame(Context scope) {
            this.scope = scope;
        }

        void add(Map<String, BlockDef> defs) {
            defs.forEach((name, def) -> blocks.computeIfAbsent(name, k -> new ArrayList<>()).add(def));
        }

        static Frame current(JinjavaInterpreter interpreter) {
            return interpreter.getContext().get(FRAME) instanceof Frame f ? f : null;
        }

        /**
         * Renders the block {@code name} as the chain has it at {@code index}. {@code bodyParent} is the parent
         * of the scope its body runs in: the template's top-level scope, or for a {@code scoped} block the
         * scope where the block stands (with the loop variables).
         */
        String renderBlock(JinjavaInterpreter interpreter, String name, int index, Context bodyParent,
                boolean reference) {
            List<BlockDef> chain = blocks.get(name);
            BlockDef def = chain.get(index);
            if (def.required()) {
                throw new TemplateError("Required block '" + name + "' not found");
            }
            return JinjaScopes.in(interpreter, bodyParent, blockScope -> {
                blockScope.put("super", (JinjaEvaluation.Callable) (args, kwargs) -> {
                    if (index + 1 >= chain.size()) {
                        throw new TemplateError("there is no parent block called '" + name + "'.");
                    }
                    return renderBlock(interpreter, name, index + 1, bodyParent, true);
                });
                if (!reference) {
                    return JinjaTags.renderChildren(def.node().getChildren(), interpreter);
                }
                // Ansible's native environment yields the values of {{ }} as they are, and the block
                // reference joins them as str: "sequence item 0: expected str instance, int found"
                REFERENCED.get().push(printedBy(def.node()));
                try {
                    return JinjaTags.renderChildren(def.node().getChildren(), interpreter);
                } finally {
                    REFERENCED.get().pop();
                }
            });
        }
    }

    /** The {@code {{ }}} of the blocks being rendered through {@code super()} or {@code self.name()}, innermost first. */
    private static final ThreadLocal<java.util.ArrayDeque<Set<ExpressionToken>>> REFERENCED =
            ThreadLocal.withInitial(java.util.ArrayDeque::new);
    private static final Map<Node, Set<ExpressionToken>> PRINTED = Collections.synchronizedMap(new WeakHashMap<>());

    /** The expressions whose values a block writes into its own output (through if, for, with and nested blocks, not macros). */
    private static Set<ExpressionToken> printedBy(Node block) {
        return PRINTED.computeIfAbsent(block, b -> {
            Set<ExpressionToken> printed = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            collectPrinted(b, printed);
            return printed;
        });
    }

    private static void collectPrinted(Node node, Set<ExpressionToken> printed) {
        for (Node child : node.getChildren()) {
            if (child instanceof ExpressionNode && child.getMaster() instanceof ExpressionToken token) {
                printed.add(token);
            } else if (child instanceof TagNode tag && Set.of("if", "elif", "else", "for", "with", "block").contains(tag.getName())) {
                collectPrinted(child, printed);
            }
        }
    }

    /**
     * Called with each printed value that is not text: inside a block rendered through {@code super()} or
     * {@code self.name()} Ansible fails, as its block reference joins the values as strings.
     */
    static void printedNonText(ExpressionToken token, Object value) {
        Set<ExpressionToken> referenced = REFERENCED.get().peek();
        if (referenced != null && referenced.contains(token)) {
            throw new TemplateError("sequence item 0: expected str instance, " + PythonRepr.typeName(value) + " found");
        }
    }

    /** Jinja2's {@code self}: {@code self.name()} renders the block {@code name} as the chain has it. */
    static final class SelfReference extends AbstractMap<String, Object> {
        private final Frame frame;

        SelfReference(Frame frame) {
            this.frame = frame;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String name) || !frame.blocks.containsKey(name)) {
                return null;
            }
            return (JinjaEvaluation.Callable) (args, kwargs) -> {
                JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
                return frame.renderBlock(interpreter, name, 0, frame.scope, true);
            };
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && frame.blocks.containsKey(name);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Set<Map.Entry<String, Object>> entries = new LinkedHashSet<>();
            for (String name : frame.blocks.keySet()) {
                entries.add(new SimpleImmutableEntry<>(name, get(name)));
            }
            return entries;
        }

        @Override
        public String toString() {
            return "<TemplateReference>";
        }
    }

    /**
     * Renders a template's tree in the interpreter's current scope (its top-level scope), following its
     * {@code extends} chain. A template with neither blocks nor extends renders as jinjava renders it.
     */
    static String render(JinjavaInterpreter interpreter, Node root, boolean topLevel) {
        Analysis analysis = analyse(root);
        if (!analysis.inheritance()) {
            return topLevel ? interpreter.render(root, false) : JinjaTags.renderChildren(root.getChildren(), interpreter);
        }
        Context scope = interpreter.getContext();
        Frame frame = new Frame(scope);
        frame.add(analysis.blocks());
        scope.put(FRAME, frame);
        scope.put("self", new SelfReference(frame));
        StringBuilder out = new StringBuilder();
        Node current = root;
        for (int level = 0; ; level++) {
            for (Node child : current.getChildren()) {
                if (frame.extended && !(child instanceof TagNode)) {
                    continue; // Jinja2 writes no output after extends (the tags still run: set, macro, import)
                }
                interpreter.setLineNumber(child.getLineNumber());
                String text = child.render(interpreter).getValue();
                if (!frame.extended) {
                    out.append(text);
                }
            }
            if (frame.parent == null) {
                return out.toString();
            }
            if (level >= MAX_LEVELS) {
                throw new TemplateError("template inheritance nested too deeply (a cycle of extends?)");
            }
            current = frame.parent;
            frame.parent = null;
            frame.extended = false;
            frame.add(analyse(current).blocks());
        }
    }

    /** Loads and parses a template by name (the resource locator finds it); null when there is no such template. */
    static Node load(JinjavaInterpreter interpreter, Object name, int line) {
        StrictUndefined.require(name);
        String file = String.valueOf(PlainData.unwrap(name));
        String source;
        try {
            source = interpreter.getResource(file);
        } catch (TemplateError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("TemplateNotFound")) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            return null;
        }
        if (source == null) {
            return null;
        }
        int errorsBefore = interpreter.getErrorsCopy().size();
        Node root = interpreter.parse(source);
        List<com.hubspot.jinjava.interpret.TemplateError> errors = interpreter.getErrorsCopy();
        if (errors.size() > errorsBefore) {
            TemplateError failure = JinjavaErrors.firstFailure(errors.subList(errorsBefore, errors.size()), source);
            if (failure != null) {
                JinjavaErrors.clear(interpreter);
                throw failure;
            }
        }
        analyse(root);
        return root;
    }

    /** The first of {@code names} (a name or a list of names) that exists, or null. */
    static Node loadFirst(JinjavaInterpreter interpreter, Object names, int line, List<String> tried) {
        Object value = PlainData.unwrap(StrictUndefined.require(names));
        Collection<?> candidates = value instanceof Collection<?> c ? c : List.of(value);
        for (Object candidate : candidates) {
            tried.add(String.valueOf(PlainData.unwrap(candidate)));
            Node root = load(interpreter, candidate, line);
            if (root != null) {
                return root;
            }
        }
        return null;
    }

    static TemplateError notFound(List<String> tried) {
        if (tried.size() == 1) {
            return new TemplateError("TemplateNotFound: " + tried.get(0));
        }
        return new TemplateError("TemplatesNotFound: none of the templates given were found: " + String.join(", ", tried));
    }

    /** Renders a loaded template in a new top-level scope: a child of the current one, or one without the render's variables. */
    static String renderIn(JinjavaInterpreter interpreter, Node root, boolean withContext, Map<String, Object> exports) {
        Context parent = withContext ? interpreter.getContext() : JinjaScopes.isolated(interpreter);
        return JinjaScopes.in(interpreter, parent, scope -> {
            String out = render(interpreter, root, false);
            if (exports != null) {
                scope.getScope().forEach((name, value) -> {
                    if (!name.startsWith("_") && !"self".equals(name)) {
                        exports.put(name, value);
                    }
                });
            }
            return out;
        });
    }

    /** What {@code import} binds: the exported macros and top-level variables of a template. */
    static final class TemplateModule extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        final String name;

        TemplateModule(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "<TemplateModule '" + name + "'>";
        }
    }

    static TemplateModule importModule(JinjavaInterpreter interpreter, String expression, boolean withContext, int line) {
        Object name = interpreter.resolveELExpression(expression, line);
        List<String> tried = new ArrayList<>();
        Node root = loadFirst(interpreter, name, line, tried);
        if (root == null) {
            throw notFound(tried);
        }
        TemplateModule module = new TemplateModule(tried.get(tried.size() - 1));
        renderIn(interpreter, root, withContext, module);
        return module;
    }

    // ---------------------------------------------------------------- tags

    /** {@code {% block name [scoped] [required] %}}. */
    static final class BlockTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "block";
        }

        static BlockDef parse(TagNode tag) {
            String[] words = tag.getHelpers().trim().split("\\s+");
            String name = words[0];
            if (!TagSyntax.isIdentifier(name)) {
                throw new TemplateSyntaxError("expected token 'name', got '" + name + "'", null, tag.getLineNumber());
            }
            int i = 1;
            boolean scoped = i < words.length && words[i].equals("scoped");
            if (scoped) {
                i++;
            }
            boolean required = i < words.length && words[i].equals("required");
            if (required) {
                i++;
            }
            if (i < words.length) {
                throw new TemplateSyntaxError("expected token 'end of statement block', got '" + words[i] + "'", null,
                        tag.getLineNumber());
            }
            if (required) {
                for (Node child : tag.getChildren()) {
                    if (!(child instanceof com.hubspot.jinjava.tree.TextNode) || !child.getMaster().getImage().isBlank()) {
                        throw new TemplateSyntaxError("Required blocks can only contain comments or whitespace", null,
                                tag.getLineNumber());
                    }
                }
            }
            return new BlockDef(name, tag, scoped, required);
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            Frame frame = Frame.current(interpreter);
            BlockDef def = parse(tagNode);
            if (frame != null && frame.extended) {
                return ""; // output after extends is the parent's to write
            }
            if (frame == null || !frame.blocks.containsKey(def.name())) {
                return JinjaTags.renderChildren(tagNode.getChildren(), interpreter);
            }
            // scoped is the rendering block's own: an overriding block without it still sees the loop
            return frame.renderBlock(interpreter, def.name(), 0, def.scoped() ? interpreter.getContext() : frame.scope,
                    false);
        }
    }

    /** {@code {% extends expr %}}: the template (a name, or the first existing of a list) this one extends. */
    static final class ExtendsTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "extends";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            Frame frame = Frame.current(interpreter);
            if (frame == null) {
                throw new TemplateError("extends is only allowed in a template");
            }
            if (frame.extended) {
                throw new TemplateError("extended multiple times");
            }
            Object name = interpreter.resolveELExpression(tagNode.getHelpers().trim(), tagNode.getLineNumber());
            List<String> tried = new ArrayList<>();
            Node parent = loadFirst(interpreter, name, tagNode.getLineNumber(), tried);
            if (parent == null) {
                throw notFound(tried);
            }
            frame.parent = parent;
            frame.extended = true;
            return "";
        }
    }

    private static final Pattern CONTEXT_SUFFIX = Pattern.compile("\\s+(with|without)\\s+context\\s*$");
    private static final Pattern IGNORE_MISSING = Pattern.compile("\\s+ignore\\s+missing\\s*$");

    /** {@code {% include expr [ignore missing] [with|without context] %}}. */
    static final class IncludeTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "include";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            String helpers = " " + tagNode.getHelpers().trim();
            boolean withContext = true;
            Matcher context = CONTEXT_SUFFIX.matcher(helpers);
            if (context.find()) {
                withContext = context.group(1).equals("with");
                helpers = helpers.substring(0, context.start());
            }
            boolean ignoreMissing = false;
            Matcher ignore = IGNORE_MISSING.matcher(helpers);
            if (ignore.find()) {
                ignoreMissing = true;
                helpers = helpers.substring(0, ignore.start());
            }
            Object names = interpreter.resolveELExpression(helpers.trim(), tagNode.getLineNumber());
            List<String> tried = new ArrayList<>();
            Node root = loadFirst(interpreter, names, tagNode.getLineNumber(), tried);
            if (root == null) {
                if (ignoreMissing) {
                    return "";
                }
                throw notFound(tried);
            }
            if (!withContext) {
                return renderIn(interpreter, root, false, null);
            }
            // Jinja2 passes the context and the template's assigned names, not the loop's special variable
            return JinjaScopes.in(interpreter, interpreter.getContext(), scope -> {
                scope.put("loop", StrictUndefined.variable("loop"));
                return renderIn(interpreter, root, true, null);
            });
        }
    }

    /** {@code {% import expr as name [with|without context] %}}. */
    static final class ImportTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "import";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            String helpers = " " + tagNode.getHelpers().trim();
            boolean withContext = false;
            Matcher context = CONTEXT_SUFFIX.matcher(helpers);
            if (context.find()) {
                withContext = context.group(1).equals("with");
                helpers = helpers.substring(0, context.start());
            }
            int as = TagSyntax.findWord(helpers, "as", 0);
            String target = as < 0 ? "" : helpers.substring(as + 2).trim();
            if (as < 0 || !TagSyntax.isIdentifier(target)) {
                throw new TemplateSyntaxError("expected token 'as' and a name in {% import %}, got '"
                        + tagNode.getHelpers().trim() + "'", null, tagNode.getLineNumber());
            }
            TemplateModule module = importModule(interpreter, helpers.substring(0, as).trim(), withContext,
                    tagNode.getLineNumber());
            interpreter.getContext().put(target, module);
            return "";
        }
    }

    /** {@code {% from expr import a, b as c [with|without context] %}}. */
    static final class FromTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "from";
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        record Spec(String template, List<String[]> names, boolean withContext) {
        }

        private static final Pattern TOKEN = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*|.)");

        /** Parses the tag as Jinja2's parser does, with its messages. */
        static Spec parse(TagNode tag) {
            String helpers = tag.getHelpers().trim();
            int line = tag.getLineNumber();
            int imp = TagSyntax.findWord(helpers, "import", 0);
            if (imp < 0) {
                throw new TemplateSyntaxError("expected token 'import', got 'end of statement block'", null, line);
            }
            String template = helpers.substring(0, imp).trim();
            List<String> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(helpers.substring(imp + "import".length()));
            while (m.find()) {
                if (!m.group(1).isBlank()) {
                    tokens.add(m.group(1));
                }
            }
            List<String[]> names = new ArrayList<>();
            Boolean withContext = null;
            int i = 0;
            while (true) {
                if (!names.isEmpty()) {
                    expect(tokens, i, ",", line);
                    i++;
                }
                String token = i < tokens.size() ? tokens.get(i) : null;
                if (token != null && TagSyntax.isIdentifier(token)) {
                    if ((token.equals("with") || token.equals("without")) && "context".equals(at(tokens, i + 1))) {
                        withContext = token.equals("with");
                        i += 2;
                        break;
                    }
                    if (token.startsWith("_")) {
                        throw new TemplateSyntaxError("names starting with an underline can not be imported", null, line);
                    }
                    String alias = token;
                    i++;
                    if ("as".equals(at(tokens, i))) {
                        String a = at(tokens, i + 1);
                        if (a == null || !TagSyntax.isIdentifier(a)) {
                            throw new TemplateSyntaxError("expected token 'name', got '" + describe(a) + "'", null, line);
                        }
                        alias = a;
                        i += 2;
                    }
                    names.add(new String[] {token, alias});
                    String next = at(tokens, i);
                    if (("with".equals(next) || "without".equals(next)) && "context".equals(at(tokens, i + 1))) {
                        withContext = next.equals("with");
                        i += 2;
                        break;
                    }
                    if (!",".equals(next)) {
                        break;
                    }
                } else {
                    throw new TemplateSyntaxError("expected token 'name', got '" + describe(token) + "'", null, line);
                }
            }
            if (i < tokens.size()) {
                throw new TemplateSyntaxError("expected token 'end of statement block', got '" + tokens.get(i) + "'", null,
                        line);
            }
            return new Spec(template, names, withContext != null && withContext);
        }

        private static String at(List<String> tokens, int i) {
            return i < tokens.size() ? tokens.get(i) : null;
        }

        private static String describe(String token) {
            return token == null ? "end of statement block" : token;
        }

        private static void expect(List<String> tokens, int i, String token, int line) {
            if (!token.equals(at(tokens, i))) {
                throw new TemplateSyntaxError("expected token '" + token + "', got '" + describe(at(tokens, i)) + "'", null,
                        line);
            }
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            Spec spec = parse(tagNode);
            TemplateModule module = importModule(interpreter, spec.template(), spec.withContext(), tagNode.getLineNumber());
            for (String[] name : spec.names()) {
                Object value = module.containsKey(name[0]) ? module.get(name[0])
                        : StrictUndefined.withMessage(name[1], "the template '" + module.name + "' (imported on line "
                                + tagNode.getLineNumber() + ") does not export the requested name '" + name[0] + "'");
                interpreter.getContext().put(name[1], value);
            }
            return "";
        }
    }
}
