package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps every filter and test so that an undefined value given to it raises the undefined error,
 * as Jinja2's StrictUndefined does, except for the few that exist to handle undefined values
 * ({@code default}, {@code mandatory}, {@code defined}, {@code undefined}).
 */
final class UndefinedGuards {
    private static final Set<String> FILTERS_ACCEPTING_UNDEFINED = Set.of("default", "d", "mandatory", "items");
    private static final Set<String> TESTS_ACCEPTING_UNDEFINED = Set.of("defined", "undefined");

    private final Map<Filter, Filter> filters = new ConcurrentHashMap<>();
    private final Map<ExpTest, ExpTest> tests = new ConcurrentHashMap<>();

    Filter filter(Filter filter) {
        if (FILTERS_ACCEPTING_UNDEFINED.contains(filter.getName())) {
            return filter;
        }
        return filters.computeIfAbsent(filter, GuardedFilter::new);
    }

    ExpTest test(ExpTest test) {
        if (TESTS_ACCEPTING_UNDEFINED.contains(test.getName())) {
            return test;
        }
        return tests.computeIfAbsent(test, GuardedTest::new);
    }

    private static void rejectUndefined(Object input, Object[] args) {
        StrictUndefined.require(input);
        if (args != null) {
            for (Object arg : args) {
                StrictUndefined.require(arg);
            }
        }
    }

    /** A filter that refuses undefined input or arguments. */
    static final class GuardedFilter implements Filter {
        private final Filter delegate;

        GuardedFilter(Filter delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            rejectUndefined(var, null);
            return delegate.filter(var, interpreter, args);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            rejectUndefined(var, args);
            if (kwargs != null) {
                kwargs.values().forEach(StrictUndefined::require);
            }
            return delegate.filter(var, interpreter, args, kwargs);
        }

        @Override
        public boolean preserveSafeString() {
            return delegate.preserveSafeString();
        }
    }

    /** A test that refuses undefined input or arguments. */
    static final class GuardedTest implements ExpTest {
        private final ExpTest delegate;

        GuardedTest(ExpTest delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            rejectUndefined(var, args);
            return delegate.evaluate(var, interpreter, args);
        }

        @Override
        public boolean evaluateNegated(Object var, JinjavaInterpreter interpreter, Object... args) {
            rejectUndefined(var, args);
            return delegate.evaluateNegated(var, interpreter, args);
        }
    }
}
