#!/usr/bin/env python3
"""Ports assertions of Ansible's own filter and test integration targets (ansible/ansible at v2.14.17,
test/integration/targets/*/tasks/main.yml) to conformance cases: each condition of an `assert` task
becomes the template ``{{ (condition) }}`` with the task's vars and the target's vars/main.yml.

Kept only what a template + vars can express: no loops, no conditions that read registered results,
facts set earlier, lookups, files, hostvars or inventory. record_jinja2.py records what ansible-playbook
renders (normally "True": the assertion holds).

Usage: python3 port_ansible_targets.py <ansible bare git dir> <out.yaml>
"""
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_yaml import dump_cases, load_cases  # noqa: E402

TAG = "v2.14.17"
TARGETS = ["filter_core", "filter_mathstuff", "filter_urls", "filter_urlsplit", "test_core", "test_mathstuff",
           "test_uri", "filter_encryption", "templating"]  # test_files: its tests read the working directory
FORBIDDEN = re.compile(r"lookup\(|query\(|hostvars|inventory_hostname|groups\b|ansible_|output_dir|playbook_dir|role_path"
                       r"|lookup|now\(|omit|\bitem\b|undef\(|vault|random|\{\{|\{%")


class Loader(yaml.SafeLoader):
    pass


Loader.add_multi_constructor("!", lambda loader, suffix, node: None if not isinstance(node, yaml.ScalarNode) else loader.construct_scalar(node))


def git_show(gitdir, path):
    p = subprocess.run(["git", "--git-dir", gitdir, "show", "%s:%s" % (TAG, path)], capture_output=True, text=True)
    return p.stdout if p.returncode == 0 else None


def walk_tasks(tasks):
    for t in tasks or []:
        if not isinstance(t, dict):
            continue
        yield t
        for k in ("block", "rescue", "always"):
            if isinstance(t.get(k), list):
                for sub in walk_tasks(t[k]):
                    inherited = dict(t.get("vars") or {})
                    inherited.update(sub.get("vars") or {})
                    yield dict(sub, vars=inherited)


def names_set(tasks, gitdir=None, base=None):
    """Variables a task file sets at run time (register, set_fact, include_vars): conditions that read them are not ported."""
    out = set()
    for t in walk_tasks(tasks):
        iv = t.get("include_vars") or t.get("ansible.builtin.include_vars")
        if iv and gitdir:
            name = iv.get("file") if isinstance(iv, dict) else iv
            text = git_show(gitdir, base + "vars/" + str(name)) or ""
            loaded = yaml.load(text, Loader=Loader) if text else None
            out.update(loaded or {})
        if t.get("register"):
            out.add(t["register"])
        for k in ("set_fact", "ansible.builtin.set_fact"):
            if isinstance(t.get(k), dict):
                out.update(t[k])
    return out


def main():
    gitdir, out = sys.argv[1], os.path.abspath(sys.argv[2])
    old = {c["id"]: c for c in load_cases(out)} if os.path.exists(out) else {}
    cases = []
    for target in TARGETS:
        base = "test/integration/targets/%s/" % target
        text = git_show(gitdir, base + "tasks/main.yml")
        if not text:
            continue
        tasks = yaml.load(text, Loader=Loader)
        target_vars = {}
        vtext = git_show(gitdir, base + "vars/main.yml")
        if vtext:
            target_vars = yaml.load(vtext, Loader=Loader) or {}
        runtime = names_set(tasks, gitdir, base)
        n = 0
        for t in walk_tasks(tasks):
            a = t.get("assert") or t.get("ansible.builtin.assert")
            if not isinstance(a, dict) or any(k in t for k in ("loop", "with_items", "with_dict", "with_list", "loop_control")):
                continue
            that = a.get("that")
            that = [that] if isinstance(that, str) else that
            if not isinstance(that, list):
                continue
            task_vars = t.get("vars") or {}
            for cond in that:
                n += 1
                if not isinstance(cond, str) or FORBIDDEN.search(cond):
                    continue
                words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'|\"[^\"]*\"", "", cond)))
                if words & runtime:
                    continue
                available = dict(target_vars)
                available.update(task_vars)
                vars_, todo = {}, set(words)
                while todo:  # the variables the condition reads, and those their values read
                    k = todo.pop()
                    if k in available and k not in vars_:
                        vars_[k] = available[k]
                        todo |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", str(available[k])))
                vars_ = {k: available[k] for k in available if k in vars_}
                if any("{{" in str(v) and FORBIDDEN.search(str(v).replace("{{", "").replace("{%", "")) for v in vars_.values()):
                    continue
                c = {"id": "ansible/%s::%s#%d" % (target, re.sub(r"\s+", " ", str(t.get("name") or "assert")).strip()[:80], n),
                     "source": "ansible/ansible %s %stasks/main.yml" % (TAG, base),
                     "template": "{{ (%s) }}" % cond.strip()}
                if vars_:
                    c["vars"] = vars_
                o = old.get(c["id"])
                if o and all(o.get(k) == c.get(k) for k in ("template", "vars", "options")):
                    for k in ("expected", "error", "error_message", "jinja2", "jinja2_error"):
                        if k in o:
                            c[k] = o[k]
                cases.append(c)
    dump_cases(out, "Assertions of Ansible's filter and test integration targets (ansible/ansible %s) as templates,\n"
                    "written by engine/src/test/conformance/port_ansible_targets.py.\n"
                    "expected/error: what ansible-playbook 2.14's template module renders; jinja2: plain Jinja2 3.1.2 (reference).\n"
                    "Both are written by engine/src/test/conformance/record_jinja2.py; never edit them by hand." % TAG, cases)
    print("%d cases" % len(cases))


if __name__ == "__main__":
    main()
