#!/usr/bin/python3
"""Records what Ansible's templar (ansible-core, with its Jinja2) makes of each expression case.

usage: /usr/bin/python3 engine/src/test/conformance/record_expressions.py engine/src/test/resources/conformance/expressions.yaml

Each case has `template` and optional `vars`; this script writes `expected` (the text Ansible renders:
str() of a native result) or `error` (the first line of Ansible's error) into the same file.
"""
import sys
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

path = sys.argv[1]
with open(path) as f:
    cases = yaml.safe_load(f)
for case in cases:
    case.pop("expected", None)
    case.pop("error", None)
    templar = Templar(loader=DataLoader(), variables=case.get("vars") or {})
    try:
        result = templar.template(case["template"])
        case["expected"] = "".join([str(result)])  # plain str, not AnsibleUnsafeText
    except Exception as e:  # the reference's answer is the error itself
        case["error"] = "".join([str(e).splitlines()[0][:300]])
text = yaml.safe_dump(cases, sort_keys=False, allow_unicode=True, width=1000)
with open(path, "w") as f:
    f.write("# Recorded by engine/src/test/conformance/record_expressions.py from ansible-core's templar: do not edit\n")
    f.write("# `expected` or `error` by hand. Add cases with `template` (and `vars`), then re-record.\n")
    f.write(text)
