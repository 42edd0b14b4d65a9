"""Reading and writing the conformance corpus files (lists of cases, block scalars for multi-line text)."""
import json
import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, s):
    if "\n" in s and not any(c in s for c in "\r\x85\u2028\u2029") and not s.startswith((" ", "\n")) and not s.endswith("\n\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)


_Dumper.add_representer(str, _str)

KEY_ORDER = ["id", "source", "note", "template", "templates", "vars", "options", "expected", "error", "error_message", "jinja2", "jinja2_error"]


def _ordered(case):
    out = {}
    for k in KEY_ORDER:
        if k in case:
            out[k] = case[k]
    for k in case:
        if k not in out:
            out[k] = case[k]
    return out


def load_cases(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def dump_cases(path, header, cases):
    cases = [_ordered(c) for c in cases]
    text = "".join(yaml.dump([c], Dumper=_Dumper, sort_keys=False, width=120, default_flow_style=False,
                             allow_unicode=not any(ch in json.dumps(c, ensure_ascii=False) for ch in "\x85\u2028\u2029")) + "\n" for c in cases)
    back = yaml.safe_load(text) or []
    for a, b in zip(cases, back):
        if a != b:
            raise ValueError("corpus does not read back as written: %s: %r != %r" % (path, a, b))
    with open(path, "w", encoding="utf-8") as f:
        for line in header.splitlines():
            f.write("# " + line + "\n")
        f.write("\n")
        f.write(text)
