#!/usr/bin/env python3
"""Ports Jinja2's own test suite to conformance cases (template + context + options), as DATA.

It runs Jinja2's tests (pallets/jinja at the tag of the Jinja2 Ansible uses, 3.1.2) under pytest
with a small plugin that records every template the tests compile and every context they render it
with. Only what a user of Ansible's template module can express is kept:

* the template comes from ``Environment.from_string`` / ``Template(...)``, or from a ``DictLoader``,
  whose templates become files beside the case's template (``templates``: name -> text), where the
  template module's search path finds them for include/import/extends;
* the environment is Jinja2's default one, but for the template module's options
  (trim_blocks, lstrip_blocks, newline_sequence and the six delimiter strings; keep_trailing_newline
  is dropped because the template module always keeps trailing newlines);
* no custom filters, tests, globals, extensions, finalize, undefined class, autoescape, async;
* the context is YAML data (str, int, float, bool, None, lists, tuples as lists, dicts with str keys).

Expected values are NOT taken from the tests' asserts: record_jinja2.py computes them with the real
tools. This script only decides WHICH cases exist; run it again to re-port (it keeps nothing by hand).

Usage (needs pytest and the Jinja2 sources of the tag):
  git --git-dir=<pallets/jinja bare repo> archive 3.1.2 src tests | tar -x -C /tmp/jinja-312
  python3 engine/src/test/conformance/port_jinja2_tests.py /tmp/jinja-312 engine/src/test/resources/conformance/jinja2
"""
import os
import sys

FILES = ["test_filters.py", "test_tests.py", "test_lexnparse.py", "test_core_tags.py", "test_regression.py",
         "test_api.py", "test_runtime.py", "test_imports.py", "test_inheritance.py"]  # test_utils.py: no test renders a template
# tests whose output is not a function of the template and its data (re-recording would change them)
NONDETERMINISTIC = {"test_filters.py::TestFilter::test_random"}
OPTION_NAMES = ["block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                "comment_start_string", "comment_end_string", "trim_blocks", "lstrip_blocks", "newline_sequence"]


MAIN = "__conformance_main__.j2"


class Unexpressible(Exception):
    pass


def to_data(v):
    """YAML-expressible copy of a context value, or Unexpressible."""
    import markupsafe
    if isinstance(v, markupsafe.Markup):
        raise Unexpressible("Markup")
    if v is None or isinstance(v, (bool, int, float, str)):
        if type(v) not in (bool, int, float, str, type(None)):
            raise Unexpressible(type(v).__name__)
        return v
    if isinstance(v, tuple) and hasattr(v, "_asdict"):
        NOTES.add("objects given as dicts of their attributes")
        return to_data(dict(v._asdict()))
    if type(v) in (list, tuple):
        return [to_data(x) for x in v]
    if type(v) is dict:
        out = {}
        for k, x in v.items():
            if type(k) is not str:
                raise Unexpressible("non-str key")
            out[k] = to_data(x)
        return out
    if isinstance(v, dict):  # dict subclasses (MyDict) as plain dicts
        return to_data(dict(v))
    if isinstance(v, range):
        return [to_data(x) for x in v]
    cls = type(v)
    plain_methods = {"__init__", "__module__", "__dict__", "__weakref__", "__doc__", "__qualname__", "__firstlineno__", "__static_attributes__", "__str__"}
    if getattr(cls, "__module__", "").startswith("test_") and hasattr(v, "__dict__") and set(vars(cls)) <= plain_methods:
        NOTES.add("objects given as dicts of their attributes")
        return to_data(dict(vars(v)))
    raise Unexpressible(type(v).__name__)


NOTES = set()


def materialize(ctx):
    """Iterators (map, generators, reversed) become lists, both in the case and in the test's own render."""
    import types
    for k, v in list(ctx.items()):
        if isinstance(v, (map, filter, types.GeneratorType, zip)) or type(v).__name__.endswith("iterator"):
            ctx[k] = list(v)
            NOTES.add("iterators given as lists")
    return ctx


class Recorder:
    def __init__(self):
        self.current = None
        self.unrendered = {}
        self.cases = []  # (nodeid, source, options, vars or None, note); vars None: skipped, note says why

    def options_of(self, env):
        import jinja2
        default = jinja2.Environment()
        if env.extensions:
            raise Unexpressible("extensions")
        for attr in ("line_statement_prefix", "line_comment_prefix", "finalize"):
            if getattr(env, attr) is not None:
                raise Unexpressible(attr)
        if env.autoescape is not False or env.is_async or not env.optimized:
            raise Unexpressible("autoescape/async/optimized")
        if env.undefined is not jinja2.Undefined:
            raise Unexpressible("undefined class")
        for attr in ("filters", "tests", "globals"):
            mine, theirs = getattr(env, attr), getattr(default, attr)
            if attr == "globals":  # data globals (env.globals["bar"] = 23) are given as vars
                mine = {k: v for k, v in mine.items() if k in theirs}
            if set(mine) != set(theirs) or any(mine[k] is not theirs[k] for k in mine if k not in ("lipsum", "dict", "range", "cycler", "joiner", "namespace")):
                raise Unexpressible("custom " + attr)
        if env.policies != default.policies:
            raise Unexpressible("policies")
        if env.loader is not None:
            if not isinstance(env.loader, jinja2.DictLoader):
                raise Unexpressible("loader " + type(env.loader).__name__)
            for name in env.loader.mapping:
                if not isinstance(name, str) or name.startswith("/") or ".." in name or name == MAIN:
                    raise Unexpressible("template name")
        opts = {}
        for name in OPTION_NAMES:
            if getattr(env, name) != getattr(default, name):
                opts[name] = getattr(env, name)
        return opts

    def record(self, env, source, ctx):
        if self.current is None or not isinstance(source, str):
            return
        try:
            opts = self.options_of(env)
            import jinja2
            extra = {k: v for k, v in env.globals.items() if k not in jinja2.Environment().globals}
            if extra:
                NOTES.add("environment globals given as vars")
                ctx = dict(extra, **(ctx or {}))
            if ctx:
                import jinja2.meta
                try:
                    # parsed by an environment without the test's globals (which the meta API would not report)
                    plain = jinja2.Environment(**{k: getattr(env, k) for k in OPTION_NAMES})
                    used = set(jinja2.meta.find_undeclared_variables(plain.parse(source)))
                    for other in (env.loader.mapping.values() if env.loader is not None else ()):
                        used |= jinja2.meta.find_undeclared_variables(plain.parse(other))
                    ctx = {k: v for k, v in ctx.items() if k in used}  # values the template never reads are dropped
                except Exception:
                    pass
            data = to_data(ctx) if ctx is not None else {}
        except Unexpressible as e:
            self.cases.append((self.current, source, None, None, str(e), None))
            return
        templates = dict(env.loader.mapping) if env.loader is not None else None
        self.cases.append((self.current, source, opts, data, "; ".join(sorted(NOTES)) or None, templates))


REC = Recorder()


def install():
    import jinja2
    from jinja2.environment import Template, Environment
    orig_from_string = Environment.from_string
    orig_render = Template.render
    orig_generate = Template.generate

    def from_string(self, source, globals=None, template_class=None):
        try:
            t = orig_from_string(self, source, globals, template_class)
        except Exception:
            NOTES.clear()
            REC.record(self, source, dict(globals or {}))  # a template that does not compile: a case too
            raise
        try:
            t._conformance_source = source
            t._conformance_globals = dict(globals or {})
            REC.unrendered[id(t)] = (t, self, source, dict(globals or {}))
        except Exception:
            pass
        return t

    def ctx_of(self, args, kwargs):
        ctx = dict(getattr(self, "_conformance_globals", {}))
        ctx.update(dict(*args, **kwargs))
        return ctx

    def render(self, *args, **kwargs):
        REC.unrendered.pop(id(self), None)
        src = getattr(self, "_conformance_source", None)
        if src is not None:
            try:
                NOTES.clear()
                ctx = materialize(ctx_of(self, args, kwargs))
            except Exception:
                ctx = None
            if ctx is not None:
                REC.record(self.environment, src, ctx)
                return orig_render(self, ctx)
        return orig_render(self, *args, **kwargs)

    def generate(self, *args, **kwargs):
        REC.unrendered.pop(id(self), None)
        src = getattr(self, "_conformance_source", None)
        if src is not None:
            NOTES.clear()
            REC.record(self.environment, src, ctx_of(self, args, kwargs))
        return orig_generate(self, *args, **kwargs)

    orig_get_template = Environment.get_template

    def get_template(self, name, parent=None, globals=None):
        t = orig_get_template(self, name, parent, globals)
        called_by_test = sys._getframe(1).f_globals.get("__name__", "").startswith("test_")  # not by extends/include
        if called_by_test and isinstance(self.loader, jinja2.DictLoader) and isinstance(name, str) and name in self.loader.mapping:
            try:
                t._conformance_source = self.loader.mapping[name]
                t._conformance_globals = dict(globals or {})
                REC.unrendered[id(t)] = (t, self, t._conformance_source, dict(globals or {}))
            except Exception:
                pass
        return t

    Environment.get_template = get_template
    Environment.from_string = from_string
    Template.render = render
    Template.generate = generate


class Plugin:
    import pytest as _pytest

    @_pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        REC.current = item.nodeid.split("/")[-1]
        REC.unrendered = {}
        yield
        # a template the test compiled but never rendered (it checked that it parses, or used its
        # macros from Python) is a case too: rendered with no variables
        for t, env, source, globals_ in REC.unrendered.values():
            NOTES.clear()
            NOTES.add("compiled by the test, not rendered: rendered here with no variables")
            REC.record(env, source, globals_)
        REC.unrendered = {}

    def pytest_runtest_teardown(self, item):
        REC.current = None


def main():
    jinja_dir, out_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    sys.path.insert(0, os.path.join(jinja_dir, "src"))
    import pytest
    install()
    os.chdir(os.path.join(jinja_dir, "tests"))
    pytest.main(["-q", "-p", "no:cacheprovider", "-x" if False else "-q"] + FILES, plugins=[Plugin()])
    import yaml
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from corpus_yaml import dump_cases
    by_file = {}
    seen = set()
    skipped = {}
    counters = {}
    for nodeid, source, opts, data, why, templates in REC.cases:
        fname = nodeid.split("::")[0]
        if nodeid in NONDETERMINISTIC:
            continue
        if data is None:
            skipped.setdefault(fname, set()).add(nodeid + " (" + why + ")")
            continue
        key = (nodeid, source, repr(sorted(opts.items())), repr(data), repr(templates))
        if key in seen:
            continue
        seen.add(key)
        n = counters.get(nodeid, 0) + 1
        counters[nodeid] = n
        case = {"id": nodeid if n == 1 else "%s#%d" % (nodeid, n), "template": source}
        if data:
            case["vars"] = data
        if opts:
            case["options"] = opts
        if templates:
            case["templates"] = templates
        if why:
            case["note"] = why
        by_file.setdefault(fname, []).append(case)
    for fname in FILES:
        cases = by_file.get(fname, [])
        path = os.path.join(out_dir, fname.replace(".py", ".yaml"))
        header = ("Ported from pallets/jinja tests/%s (tag 3.1.2) by engine/src/test/conformance/port_jinja2_tests.py.\n"
                  "expected/error: what ansible-playbook 2.14's template module renders; jinja2: plain Jinja2 3.1.2 (reference).\n"
                  "Both are written by engine/src/test/conformance/record_jinja2.py; never edit them by hand." % fname)
        old = {}
        if os.path.exists(path):
            for c in yaml.safe_load(open(path, encoding="utf-8")) or []:
                old[c["id"]] = c
        for c in cases:  # keep recorded values of unchanged cases
            o = old.get(c["id"])
            if o and all(o.get(k) == c.get(k) for k in ("template", "vars", "options", "templates")):
                for k in ("expected", "error", "error_message", "jinja2", "jinja2_error"):
                    if k in o:
                        c[k] = o[k]
        dump_cases(path, header, cases)
        print("%s: %d cases, %d tests skipped as not expressible" % (fname, len(cases), len(skipped.get(fname, ()))))
        for s in sorted(skipped.get(fname, ())):
            print("   skipped " + s)


if __name__ == "__main__":
    main()
