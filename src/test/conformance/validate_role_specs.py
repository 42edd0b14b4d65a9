#!/usr/bin/env python3
"""Proves with the real ansible-playbook (2.14) that every role's meta/argument_specs.yml is a
valid Ansible argument specification and that the drill's real arguments pass it, on each platform.

Ansible cannot run the drill's own modules (kafka_cluster, mirror_maker2...), so this builds a copy
of the project in a temporary folder where each role keeps its meta/argument_specs.yml and its
defaults, and its tasks and the playbooks' tasks keep only what calls roles and task files
(include_role, import_role, import_tasks: their vars, loops and loop_control), without `when`
(every call is validated, whatever the run would have decided). Ansible then runs its implicit
validation task ("Validating arguments against arg spec ...") before each role, with the real
topology (playbooks/vars) and each real inventory. Then negative controls: a topic without
partitions and a broker count that is not a number must fail that validation, naming the field.

Run from the top of the project:  python3 src/test/conformance/validate_role_specs.py
Exit code 0 when everything holds; the failures are printed otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

STAGES = ["initial-setup", "region-loss", "recreate-from-backup", "resume-applications", "setup-new-backup",
          "shared-aggregate", "aggregate-region-loss"]   # the playbooks that call roles
INVENTORIES = ["local", "kubernetes-strimzi", "kubernetes-eventstreams"]
CALLS = ("include_role", "import_role", "import_tasks", "include_tasks")
BLOCKS = ("block", "rescue", "always")
KEEP = ("name", "vars", "loop", "loop_control", "with_items", "tags") + CALLS


def keep_calls(tasks):
    """The tasks that call roles or task files (in blocks too), without their conditions."""
    out = []
    for t in tasks or []:
        if any(k in t for k in BLOCKS):
            inner = {k: keep_calls(t[k]) for k in BLOCKS if k in t}
            inner = {k: v for k, v in inner.items() if v}
            if inner:
                block = {k: t[k] for k in ("name", "vars") if k in t}
                block.update(inner)
                out.append(block)
        elif any(k in t for k in CALLS):
            out.append({k: v for k, v in t.items() if k in KEEP})
    return out


def build(root, work):
    for folder in ("playbooks/vars", "inventories"):
        shutil.copytree(os.path.join(root, folder), os.path.join(work, folder))
    for stage in STAGES:
        with open(os.path.join(root, "playbooks", stage + ".yaml")) as f:
            plays = yaml.safe_load(f)
        for play in plays:
            play["tasks"] = keep_calls(play.get("tasks"))
        with open(os.path.join(work, "playbooks", stage + ".yaml"), "w") as f:
            yaml.safe_dump(plays, f, sort_keys=False)
    for role in sorted(os.listdir(os.path.join(root, "roles"))):
        src = os.path.join(root, "roles", role)
        dst = os.path.join(work, "roles", role)
        for folder in ("meta", "defaults"):
            if os.path.isdir(os.path.join(src, folder)):
                shutil.copytree(os.path.join(src, folder), os.path.join(dst, folder))
        os.makedirs(os.path.join(dst, "tasks"))
        for name in os.listdir(os.path.join(src, "tasks")):
            if not name.endswith(".yaml"):
                continue
            with open(os.path.join(src, "tasks", name)) as f:
                tasks = yaml.safe_load(f)
            kept = [{"name": "%s/%s ran" % (role, name), "ansible.builtin.debug": {"msg": "arguments valid"}}]
            kept += keep_calls(tasks)
            with open(os.path.join(dst, "tasks", name), "w") as f:
                yaml.safe_dump(kept, f, sort_keys=False)


def run(work, inventory, stage, *extra):
    env = dict(os.environ)
    env.pop("ANSIBLE_CONFIG", None)
    env.update({"ANSIBLE_NOCOLOR": "1", "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_ROLES_PATH": os.path.join(work, "roles"),
                "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0"})
    args = ["ansible-playbook", "-i", "inventories/%s.yaml" % inventory, "-e", "sandbox_dir=" + os.path.join(work, "sandbox"),
            "-e", "producer_image=registry.example/datagen:1"] + list(extra) + ["playbooks/%s.yaml" % stage]
    p = subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout + p.stderr


def declared_entries(root):
    entries = set()
    for role in os.listdir(os.path.join(root, "roles")):
        path = os.path.join(root, "roles", role, "meta", "argument_specs.yml")
        with open(path) as f:
            for entry in yaml.safe_load(f)["argument_specs"]:
                entries.add((role, entry))
    return entries


def main():
    root = os.getcwd()
    failures = []
    validated = set()
    with tempfile.TemporaryDirectory(prefix="role-specs-") as work:
        build(root, work)
        short = {}
        for role, entry in declared_entries(root):
            with open(os.path.join(root, "roles", role, "meta", "argument_specs.yml")) as f:
                short[yaml.safe_load(f)["argument_specs"][entry]["short_description"]] = (role, entry)
        for inventory in INVENTORIES:
            for stage in STAGES:
                rc, out = run(work, inventory, stage)
                passed = re.findall(r"^TASK \[(\w+) : Validating arguments against arg spec '(\w+)'", out, re.M)
                validated.update(passed)
                if rc != 0 or not passed:
                    failures.append("%s with %s: exit %d, %d validations\n%s" % (stage, inventory, rc, len(passed), out[-4000:]))
                else:
                    print("ok   %-22s %-24s %3d role validations" % (stage, inventory, len(passed)))
        for entry in sorted(declared_entries(root) - validated):
            failures.append("the entry point %s of role %s was never validated by a real call" % (entry[1], entry[0]))
        # negative controls: the validation must be able to fail, naming the field
        controls = [
            (["-e", '{"topics": [{"name": "LH.ORDERS"}]}'], "missing required arguments: partitions"),
            (["-e", "cluster_brokers=many"], "brokers"),
            (["-e", '{"topics": [{"name": "LH.ORDERS", "partitions": 3, "partitons": 4}]}'], "partitons"),
        ]
        for extra, expected in controls:
            rc, out = run(work, "local", "initial-setup", *extra)
            if rc == 0 or "Validation of arguments failed" not in out or expected not in out:
                failures.append("negative control %s: exit %d, expected a failed validation naming '%s'\n%s"
                                % (extra, rc, expected, out[-3000:]))
            else:
                print("ok   negative control %s refused" % " ".join(extra))
    for f in failures:
        print("FAIL " + f)
    print("%d entry points validated, %d failures" % (len(validated), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
