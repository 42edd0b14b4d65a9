#!/usr/bin/env python3
"""Groups known-differences.yaml by cause, to see which fix would pass the most cases.

Usage: python3 engine/src/test/conformance/summarize_differences.py [known-differences.yaml]
"""
import collections
import os
import re
import sys

import yaml

PATTERNS = [
    (r"unsupported argument '(\w+)'", "template module option not accepted: {0}"),
    (r"no filter named '([\w.]+)'", "filter missing: {0}"),
    (r"no test named '([\w.]+)'", "test missing: {0}"),
    (r"no function named '([\w.]+)'|Could not resolve function '([\w.]+)'", "function missing: {0}"),
    (r"runner fails: TemplateSyntaxError", "runner: syntax error (parser)"),
    (r"runner fails: UndefinedVariableError", "runner: undefined variable"),
    (r"runner fails: (\w+)", "runner fails: {0}"),
    (r"^Ansible fails .* but the runner renders", "runner renders what Ansible refuses"),
    (r"^expected ", "output differs"),
]


def cause(reason):
    for pattern, label in PATTERNS:
        m = re.search(pattern, reason)
        if m:
            return label.format(*[g for g in m.groups() if g] or [""])
    return "other"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources",
                                                                "conformance", "jinja2", "known-differences.yaml")
    known = yaml.safe_load(open(path, encoding="utf-8")) or {}
    by_cause = collections.defaultdict(list)
    for case_id, reason in known.items():
        by_cause[cause(str(reason))].append(case_id)
    for label, ids in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        files = collections.Counter(i.split("::")[0] for i in ids)
        print("%4d  %s  (%s)" % (len(ids), label, ", ".join("%s %d" % kv for kv in files.most_common(4))))


if __name__ == "__main__":
    main()
