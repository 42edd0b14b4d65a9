#!/usr/bin/python3
"""Records the expectation of every Jinja2 conformance case BY THE REAL TOOLS.

For each case (template + vars + template-module options) of engine/src/test/resources/conformance/jinja2/*.yaml:

* ``expected`` (or ``error: true`` and ``error_message``, the first line of Ansible's message): what
  ``ansible-playbook`` renders with the ``ansible.builtin.template`` module. One generated playbook has
  one template task per case, with the case's options as module arguments and its vars as task vars;
  the rendered file is read back byte for byte.
* ``jinja2`` (or ``jinja2_error``): what plain Jinja2 renders with the same options (for reference only;
  Jinja2's defaults, so trim_blocks is off unless the case sets it).

Run with the system Python that Ansible uses (Debian: ansible-core 2.14, Jinja2 3.1.2):
  /usr/bin/python3 engine/src/test/conformance/record_jinja2.py [corpus dir] [--only FILE.yaml,FILE.yaml] [--missing]
(--missing: only the cases that have no recorded answer yet)
Nothing here is written by hand: re-run it after adding or changing a case.
"""
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_yaml import load_cases, dump_cases  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.join(HERE, "..", "resources", "conformance", "jinja2")
MAIN = "__conformance_main__.j2"  # the case's template file; its other templates (``templates``) lie beside it
RESULT_KEYS = ("expected", "error", "error_message", "jinja2", "jinja2_error")
STRING_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                  "comment_start_string", "comment_end_string", "newline_sequence")
JINJA_OPTIONS = STRING_OPTIONS + ("trim_blocks", "lstrip_blocks")


LOCAL_COPY_ACTION = """
import shutil
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        shutil.copyfile(self._task.args["src"], self._task.args["dest"])
        result.update(changed=True, dest=self._task.args["dest"])
        return result
"""


def first_line(text):
    text = str(text).strip()
    return text.splitlines()[0] if text else ""


def yaml_value(v):
    """A value for the generated playbook: JSON is YAML; strings are !unsafe so Ansible does not template them."""
    if isinstance(v, str):
        return "!unsafe " + json.dumps(v)
    return json.dumps(v)


def record_ansible(cases, work):
    src_dir, out_dir = os.path.join(work, "src"), os.path.join(work, "out")
    os.makedirs(src_dir)
    os.makedirs(out_dir)
    lines = ["- hosts: localhost", "  connection: local", "  gather_facts: false", "  tasks:"]
    for i, c in enumerate(cases):
        name = "case%05d" % i
        # each case in a folder of its own, with the templates it includes, imports or extends beside it
        case_dir = os.path.join(src_dir, name)
        for rel, text in list((c.get("templates") or {}).items()) + [(MAIN, c["template"])]:
            path = os.path.join(case_dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        lines.append("    - name: %s" % name)
        lines.append("      ansible.builtin.template:")
        lines.append("        src: %s" % json.dumps(os.path.join(case_dir, MAIN)))
        lines.append("        dest: %s" % json.dumps(os.path.join(out_dir, name + ".txt")))
        for k, v in (c.get("options") or {}).items():
            lines.append("        %s: %s" % (k, yaml_value(v)))
        if c.get("vars"):
            # JSON is YAML: the values keep the types the corpus gives them
            lines.append("      vars: %s" % json.dumps(c["vars"]))
        lines.append("      ignore_errors: true")
    # The template action renders, then hands the rendered file to the `ansible.legacy.copy` action, which
    # transfers it with two module runs (about 2 s a case here). A playbook-local `copy` action (Ansible
    # lets action_plugins/ beside the playbook override ansible.legacy.copy) copies the file locally
    # instead: the rendering, the option handling and the errors stay the template action's own.
    os.makedirs(os.path.join(work, "action_plugins"))
    with open(os.path.join(work, "action_plugins", "copy.py"), "w") as f:
        f.write(LOCAL_COPY_ACTION)
    pb = os.path.join(work, "playbook.yml")
    with open(pb, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3",
               ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false", ANSIBLE_CONFIG=os.path.join(work, "ansible.cfg"))
    with open(env["ANSIBLE_CONFIG"], "w") as f:
        f.write("[defaults]\n")  # Ansible's defaults, whatever ansible.cfg the machine has
    proc = subprocess.run(["ansible-playbook", "-i", "localhost,", pb], env=env, cwd=work, capture_output=True, text=True)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        sys.exit("ansible-playbook did not answer in JSON (rc %d):\n%s\n%s" % (proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    results = {}
    for play in report.get("plays", []):
        for t in play.get("tasks", []):
            results[t["task"]["name"]] = t["hosts"].get("localhost", {})
    out = []
    for i, c in enumerate(cases):
        name = "case%05d" % i
        r = results.get(name)
        if r is None:
            sys.exit("no result for %s (%s); ansible-playbook stderr:\n%s" % (name, c["id"], proc.stderr[-3000:]))
        if r.get("failed"):
            out.append({"error": True, "error_message": first_line(r.get("msg", ""))})
        else:
            with open(os.path.join(out_dir, name + ".txt"), encoding="utf-8", newline="") as f:
                out.append({"expected": f.read()})
    return out


def record_jinja2(case):
    import jinja2
    opts = {k: v for k, v in (case.get("options") or {}).items() if k in JINJA_OPTIONS}
    try:
        env = jinja2.Environment(loader=jinja2.DictLoader(case.get("templates") or {}), **opts)
        return {"jinja2": env.from_string(case["template"]).render(**(case.get("vars") or {}))}
    except Exception as e:  # noqa: BLE001 - any failure is the reference's answer
        return {"jinja2_error": "%s: %s" % (type(e).__name__, first_line(e))}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1].split(",")
        args.remove(sys.argv[sys.argv.index("--only") + 1])
    corpus = os.path.abspath(args[0] if args else DEFAULT_DIR)
    files = sorted(f for f in glob.glob(os.path.join(corpus, "*.yaml")) if not f.endswith("known-differences.yaml"))
    if only:
        files = [f for f in files if os.path.basename(f) in only]
    missing_only = "--missing" in sys.argv
    all_cases, kept = [], {}
    for path in files:
        for c in load_cases(path):
            if missing_only and ("expected" in c or "error" in c):
                kept[id(c)] = c
            all_cases.append((path, c))
    everything = all_cases
    all_cases = [(p, c) for p, c in all_cases if id(c) not in kept]
    # two ansible-playbook runs side by side (one host's tasks run one after the other)
    chunks = 2
    size = (len(all_cases) + chunks - 1) // chunks or 1
    parts = [[c for _, c in all_cases[i:i + size]] for i in range(0, len(all_cases), size)]
    works = [tempfile.mkdtemp(prefix="jinja2-conformance-") for _ in parts]
    try:
        with concurrent.futures.ThreadPoolExecutor(len(parts) or 1) as pool:
            answers = [a for part in pool.map(record_ansible, parts, works) for a in part]
    finally:
        for w in works:
            shutil.rmtree(w, ignore_errors=True)
    for (path, c), answer in zip(all_cases, answers):
        for k in RESULT_KEYS:
            c.pop(k, None)
        c.update(answer)
        c.update(record_jinja2(c))
    by_file = {}
    for path, c in everything:
        by_file.setdefault(path, []).append(c)
    for path in files:
        with open(path, encoding="utf-8") as f:
            header = "".join(line[2:] for line in f if line.startswith("# ")).rstrip("\n")
        dump_cases(path, header, by_file.get(path, []))
        cases = by_file.get(path, [])
        errors = sum(1 for c in cases if c.get("error"))
        print("%s: %d cases, %d rendered by Ansible, %d Ansible errors" % (os.path.basename(path), len(cases), len(cases) - errors, errors))


if __name__ == "__main__":
    main()
