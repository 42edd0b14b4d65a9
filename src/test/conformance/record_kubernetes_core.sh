#!/bin/bash
# Runs kubernetes.core's own integration targets (src/test/resources/kubernetes-core/targets, from the
# collection's 2.4.0 tag, trimmed as TRIMS.md lists) with real Ansible against the project's
# Kubernetes test server, and records what each gives as the expectation of
# KubernetesCoreConformanceTest: src/test/resources/kubernetes-core/ansible-2.4.0.yaml (per target:
# the exit code, the recap's counts, the first failed task).
#
# Needs: ansible-playbook (ansible-core 2.14 with kubernetes.core 2.4.0) and the collection's Python
# libraries: apt-get install -y ansible python3-kubernetes python3-openshift python3-jsonpatch.
# Run from anywhere: bash src/test/conformance/record_kubernetes_core.sh [TARGET...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=$ROOT/src/test/resources/kubernetes-core
OUT=${OUT:-$DATA/ansible-2.4.0.yaml}
WORK=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "logs in $WORK" >&2; fi
cd "$ROOT"
if [ -n "${CLASSPATH_FILE:-}" ]; then
    cp "$CLASSPATH_FILE" "$WORK/cp.txt"
else
    # one reactor build: the engine compiled and resolved from its classes; the runner's test class path written last
    flock /tmp/mvn.lock mvn -q -B -o -pl src -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
        -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
fi
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=($(sed -n 's/^  \([a-z0-9_]*\):$/\1/p' "$DATA/targets.yaml"))

mkfifo "$WORK/server.in"
java -cp "$CP" io.mm2dr.kubernetes.testing.DemoServer "$WORK/server" <"$WORK/server.in" >"$WORK/server.out" 2>"$WORK/server.err" &
exec 3>"$WORK/server.in"
for _ in $(seq 100); do
    grep -q '^kubeconfig ' "$WORK/server.out" 2>/dev/null && break
    sleep 0.2
done
KUBECONFIG=$(sed -n 's/^kubeconfig //p' "$WORK/server.out")
export KUBECONFIG K8S_AUTH_KUBECONFIG=$KUBECONFIG
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_ROLES_PATH=$DATA/targets
export ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3

{
    echo "# What ansible-playbook $(ansible-playbook --version | head -1 | sed 's/.*core \(.*\)\]/\1/') with kubernetes.core"
    echo "# $(ansible-galaxy collection list kubernetes.core 2>/dev/null | awk '/kubernetes.core/ {print $2}') gives for each target against the project's Kubernetes test server"
    echo "# (written by src/test/conformance/record_kubernetes_core.sh; do not edit)"
} > "$WORK/out.yaml"
for t in "${TARGETS[@]}"; do
    printf -- '- hosts: localhost\n  connection: local\n  gather_facts: false\n  roles:\n    - %s\n' "$t" > "$WORK/$t.yaml"
    rc=0
    ansible-playbook "$WORK/$t.yaml" > "$WORK/$t.log" 2>&1 || rc=$?
    recap=$(grep -E '^localhost +:' "$WORK/$t.log" | tail -1)
    num() { echo "$recap" | sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }
    failed_task=$(grep -B30 '^fatal:\|^failed:' "$WORK/$t.log" | grep '^TASK \[' | tail -1 | sed 's/^TASK \[\(.*\)\] \**$/\1/' || true)
    asserts=$(grep -c 'All assertions passed' "$WORK/$t.log" || true)
    echo "$t: exit $rc, $recap${failed_task:+, first failure: $failed_task}" >&2
    [ "$rc" = 0 ] || grep -A6 '^fatal:\|^failed:' "$WORK/$t.log" | head -20 >&2
    {
        echo "$t:"
        echo "  exit: $rc"
        echo "  ok: $(num ok)"
        echo "  changed: $(num changed)"
        echo "  failed: $(num failed)"
        echo "  asserts_passed: $asserts"
        [ -z "$failed_task" ] || echo "  first_failure: \"$(echo "$failed_task" | sed 's/"/\\"/g')\""
    } >> "$WORK/out.yaml"
done
echo quit >&3
cp "$WORK/out.yaml" "$OUT"
echo "wrote $OUT" >&2
