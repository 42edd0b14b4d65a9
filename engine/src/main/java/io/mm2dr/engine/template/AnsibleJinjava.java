package io.mm2dr.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.parse.StringTokenScannerSymbols;
import java.lang.reflect.Method;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * A Jinjava configured once to behave like Ansible's Jinja2 environment: Pythonic coercions and
 * attribute resolution, trim_blocks, trailing newline kept, Ansible's filters, tests, lookups and
 * an {@code if} tag with Python truthiness.
 */
final class AnsibleJinjava extends Jinjava {
    private final ExpressionFactory expressionFactory;
    private final UndefinedGuards guards = new UndefinedGuards();

    AnsibleJinjava() {
        this(JinjaOptions.DEFAULT.delimiters());
    }

    /** A Jinjava whose scanner uses the given delimiters (the template module's *_string options). */
    AnsibleJinjava(JinjaOptions.Delimiters delimiters) {
        super(config(delimiters));
        Properties properties = new Properties();
        properties.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
        this.expressionFactory = new JinjaExpressionFactory(new ExpressionFactoryImpl(properties, new PythonTypeConverter()));

        for (Filter filter : CoreFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : StringFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : EncodingFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : DataFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : CollectionFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : RegexFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : JinjaFilters.all()) {
            registerFilter(filter);
        }
        for (Filter filter : MoreAnsibleFilters.all()) {
            registerFilter(filter);
        }
        for (ExpTest test : AnsibleTests.all()) {
            registerExpTest(test);
        }
        registerTag(new PythonIfTag());
        JinjaTags.register(this);
        setResourceLocator(new TemplateResourceLocator());
        for (Method method : Lookups.class.getDeclaredMethods()) {
            Lookups.Function fn = method.getAnnotation(Lookups.Function.class);
            if (fn != null) {
                method.setAccessible(true);
                for (String name : fn.value()) {
                    registerFunction(new ELFunctionDefinition("", name, method));
                }
            }
        }
        Registry.install(this);
    }

    private static final java.util.Map<JinjaOptions.Delimiters, AnsibleJinjava> BY_DELIMITERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A shared instance per set of custom delimiters (built once: a Jinjava takes a while to set up). */
    static AnsibleJinjava withDelimiters(JinjaOptions.Delimiters delimiters) {
        return BY_DELIMITERS.computeIfAbsent(delimiters, AnsibleJinjava::new);
    }

    UndefinedGuards guards() {
        return guards;
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressionFactory;
    }

    private static JinjavaConfig config(JinjaOptions.Delimiters delimiters) {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonELResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig.Builder builder = JinjavaConfig.newBuilder();
        if (!delimiters.equals(JinjaOptions.DEFAULT.delimiters())) {
            builder.withTokenScannerSymbols(StringTokenScannerSymbols.builder()
                    .withBlockStartString(delimiters.blockStart()).withBlockEndString(delimiters.blockEnd())
                    .withVariableStartString(delimiters.variableStart()).withVariableEndString(delimiters.variableEnd())
                    .withCommentStartString(delimiters.commentStart()).withCommentEndString(delimiters.commentEnd())
                    .build());
        }
        return builder
                .withElResolver(resolver)
                .withFailOnUnknownTokens(false)
                // trim_blocks and lstrip_blocks are applied to the source by JinjaSource, as Jinja2 does them
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(300)
                .withKeepTrailingNewline(true)
                .withNestedInterpretationEnabled(false)
                .withMaxRenderDepth(1000)
                .withRangeLimit(10_000_000) // Ansible's Jinja2 is not sandboxed: no MAX_RANGE of 100000
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(1000)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withHandleBackslashInQuotesOnly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withKeepNullableLoopValues(false)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .build())
                .build();
    }
}
