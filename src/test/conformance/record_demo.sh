#!/bin/bash
# Records what real Ansible leaves on the project's Kubernetes test server when it runs the public
# demo's backup/restore stages (src/test/resources/demo, vendored unchanged), as the expectation of
# DemoPlaybooksTest: src/test/resources/demo/expected-objects.yaml.
#
# Needs: ansible-playbook (ansible-core 2.14 with the kubernetes.core collection), and for
# kubernetes.core its Python libraries: apt-get install -y ansible python3-kubernetes python3-openshift
# python3-venv. Run from anywhere: bash src/test/conformance/record_demo.sh
#
# Each stage runs as the demo's setup-06-*.sh run it (from the demo's folder, a virtualenv as the
# Python interpreter, the two required variables), twice, then the server's objects are recorded
# with the run's exit code and changed count. Between the first and the second stage, the region
# is lost as 02-region-loss/setup.sh does it (oc delete project north-america).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DEMO=$ROOT/src/test/resources/demo
OUT=$DEMO/expected-objects.yaml
WORK=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "logs in $WORK" >&2; fi

cd "$ROOT"
# CLASSPATH_FILE: a test classpath already built (mvn dependency:build-classpath -Dmdep.includeScope=test),
# with target/test-classes compiled: skips the build
if [ -n "${CLASSPATH_FILE:-}" ]; then
    cp "$CLASSPATH_FILE" "$WORK/cp.txt"
else
    flock /tmp/mvn.lock mvn -q -B -o test-compile
    flock /tmp/mvn.lock mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
        -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
fi
export DEMO_TEST_CLASSPATH="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"

# the demo's virtualenv (its scripts make one too), seeing the system's kubernetes libraries; its
# pip task then finds them all installed (Debian's python3-openshift lacks the metadata of one
# dependency, python-string-utils, that pip would otherwise look for in an index)
/usr/bin/python3 -m venv --system-site-packages "$WORK/venv"
export PIP_NO_DEPS=1 PIP_NO_INDEX=1

mkfifo "$WORK/server.in"
java -cp "$DEMO_TEST_CLASSPATH" io.mm2dr.kubernetes.testing.DemoServer "$WORK/server" <"$WORK/server.in" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
exec 3>"$WORK/server.in"
for _ in $(seq 100); do
    grep -q '^kubeconfig ' "$WORK/server.out" 2>/dev/null && break
    sleep 0.2
done
KUBECONFIG=$(sed -n 's/^kubeconfig //p' "$WORK/server.out")
export KUBECONFIG K8S_AUTH_KUBECONFIG=$KUBECONFIG
export PATH="$ROOT/src/test/resources/demo-platform/bin:$PATH"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0

answers=0
server() {
    echo "$*" >&3
    answers=$((answers + 1))
    for _ in $(seq 600); do
        [ "$(grep -c '^ok\|^error' "$WORK/server.out" || true)" -ge "$answers" ] && break
        sleep 0.1
    done
    if grep -q '^error' "$WORK/server.out"; then
        cat "$WORK/server.out" "$WORK/server.err" >&2
        exit 1
    fi
}

stage() { # NAME RUN
    local log="$WORK/$1-$2.log" rc=0
    (cd "$DEMO" && ansible-playbook -e ansible_python_interpreter="$WORK/venv/bin/python3" \
        -e ibm_entitlement_key=YOUR_IBM_ENTITLEMENT_KEY -e storage_class=STORAGE_CLASS_TO_USE_FOR_EVENT_STREAMS \
        "06-backup-restore/$1.yaml") >"$log" 2>&1 || rc=$?
    local changed
    changed=$(sed -n 's/^localhost *: .*changed=\([0-9]*\).*/\1/p' "$log" | tail -1)
    echo "$1 run $2: exit $rc, changed ${changed:-?}" >&2
    [ "$rc" = 0 ] || grep -B2 -A8 'fatal:\|ERROR!' "$log" | head -40 >&2
    server record "$1" "$2" "$rc" "${changed:--1}"
}

for s in initial-setup region-loss recreate-from-backup resume-applications setup-new-backup; do
    if [ "$s" = region-loss ]; then
        rc=0
        (cd "$DEMO" && sh 06-backup-restore/02-region-loss/setup.sh) >"$WORK/region-loss.log" 2>&1 || rc=$?
        echo "region-loss: exit $rc" >&2
        server record region-loss 1 "$rc" 0
        continue
    fi
    stage "$s" 1
    stage "$s" 2
done

server write "$WORK/objects.yaml"
{
    echo "# What real Ansible left on the Kubernetes test server after each run of the public demo's"
    echo "# backup/restore stages. Recorded by src/test/conformance/record_demo.sh with"
    echo "# $(ansible-playbook --version 2>/dev/null | sed -n 1p), kubernetes.core $(sed -n 's/.*"version": "\(.*\)".*/\1/p' \
        /usr/lib/python3/dist-packages/ansible_collections/kubernetes/core/MANIFEST.json | head -1). Do not edit."
    cat "$WORK/objects.yaml"
} >"$OUT"
server quit
wait "$SERVER" || true
echo "wrote $OUT" >&2
