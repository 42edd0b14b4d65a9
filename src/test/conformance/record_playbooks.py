#!/usr/bin/env python3
"""Runs every playbook of the conformance corpus through the real ansible-playbook and records
what it did into expectations.json: per run the exit code, the PLAY RECAP counters and, where the
playbook asks for it (a '# conformance: lines=REGEX' header), the stdout lines matching REGEX.

Header keys (comment lines at the top of a playbook):
  # conformance: args=--tags a --diff   extra command-line options
  # conformance: runs=1                 run once (default: twice, the second run checks idempotency)
  # conformance: lines=REGEX            output lines compared with the runner's
  # conformance: error=REGEX            the error's essence; must match the real tool's output
                                        (checked here) and the runner's (checked by the test)

Usage: src/test/conformance/record_playbooks.py [NAME...]   (from the repository root)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "conformance", "playbooks")
ROOT = os.path.normpath(ROOT)
EXPECTATIONS = os.path.join(ROOT, "expectations.json")
RECAP = re.compile(r"^localhost\s+:\s+(.*)$", re.M)


def header(path):
    h = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^# conformance: (\w+)=(.*)$", line.rstrip("\n"))
            if m:
                h[m.group(1)] = m.group(2)
            elif not line.startswith("#"):
                break
    return h


def normalise(text, out_dir):
    text = re.sub(r'"(delta|start|end)": "[^"]*"', r'"\1": "<TIME>"', text)
    return text.replace(out_dir, "<OUT>").replace(ROOT, "<DIR>")


def run_once(name, h, out_dir):
    args = ["ansible-playbook", name, "-e", "out_dir=" + out_dir] + h.get("args", "").split()
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_ROLES_PATH=os.path.join(ROOT, "roles"))
    env.pop("ANSIBLE_CONFIG", None)
    p = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = normalise(p.stdout, out_dir)
    err = normalise(p.stderr, out_dir)
    rec = {"rc": p.returncode}
    m = RECAP.findall(out)
    if m:
        rec["recap"] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m[-1])}
    if "lines" in h:
        rx = re.compile(h["lines"])
        rec["lines"] = [l.rstrip() for l in out.splitlines() if rx.search(l)]
    if "error" in h and not re.search(h["error"], out + "\n" + err, re.I | re.S):
        raise SystemExit("%s: error=%s does not match the real output:\n%s\n%s" % (name, h["error"], out, err))
    return rec, out, err


def main():
    names = sys.argv[1:] or sorted(n for n in os.listdir(ROOT) if re.match(r"^[pn]\d+.*\.ya?ml$", n))
    data = {}
    if os.path.exists(EXPECTATIONS):
        with open(EXPECTATIONS) as f:
            data = json.load(f)
    for name in names:
        h = header(os.path.join(ROOT, name))
        out_dir = tempfile.mkdtemp(prefix="conf-")
        runs = []
        try:
            for i in range(int(h.get("runs", "2"))):
                rec, out, err = run_once(name, h, out_dir)
                runs.append(rec)
                if os.environ.get("SHOW"):
                    print(out, err)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
        data[name] = {"runs": runs}
        print(name, json.dumps(runs))
    with open(EXPECTATIONS, "w") as f:
        json.dump(dict(sorted(data.items())), f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
