#!/usr/bin/env bash
# Java 25's ahead-of-time cache for runner.jar: an option, not a requirement (runner.jar runs on Java 17).
#
#   bash src/test/aot/aot-startup.sh [JAVA25_HOME] [RUNS]
#
# Trains a cache on a one-task playbook (-XX:AOTCacheOutput), checks that a run with it
# (-XX:AOTCache) gives the same output and really loads the runner's classes from the cache, and
# prints the median wall time of RUNS runs (default 7) on Java 17 (the java on PATH), on Java 25,
# and on Java 25 with the cache. It fails (exit 1) when the cache is not used or changes the output.
# Build the jar first (mvn -q -B package -DskipTests); a cache is valid only for the jar it was
# trained with and the JDK that made it.
set -euo pipefail
java25="${1:-${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
runs="${2:-7}"
top="$(cd "$(dirname "$0")/../../.." && pwd)"
jar="$top/target/runner.jar"
[[ -f "$jar" ]] || { echo "no $jar: build it first (mvn -q -B package -DskipTests)" >&2; exit 1; }
[[ -x "$java25/bin/java" ]] || { echo "no Java 25 at $java25 (give its home as the first argument)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
printf -- '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hello\n' > one.yaml
cache="$work/runner.aot"

# training run: records what the run loads and links, and writes the cache when it exits
"$java25/bin/java" -XX:AOTCacheOutput="$cache" -jar "$jar" --color never one.yaml > train.out 2> train.err
[[ -s "$cache" ]] || { echo "FAIL: no cache written"; cat train.err; exit 1; }

"$java25/bin/java" -jar "$jar" --color never one.yaml > plain.out
"$java25/bin/java" -XX:AOTCache="$cache" -Xlog:class+load:file=classes.log -jar "$jar" --color never one.yaml > cached.out
if ! diff -u plain.out cached.out; then
    echo "FAIL: the output differs with the cache"; exit 1
fi
grep -q '"msg": "hello"' cached.out || { echo "FAIL: the playbook did not run"; cat cached.out; exit 1; }
if ! grep -q 'io.mm2dr.cli.Main source: shared objects file' classes.log; then
    echo "FAIL: the runner's classes were not loaded from the cache"; exit 1
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
j17=(); j25=(); aot=()
for ((i = 0; i < runs; i++)); do
    j17+=("$(wall java -jar "$jar" one.yaml)")
    j25+=("$(wall "$java25/bin/java" -jar "$jar" one.yaml)")
    aot+=("$(wall "$java25/bin/java" -XX:AOTCache="$cache" -jar "$jar" one.yaml)")
done
echo "one-task playbook, median of $runs runs (ms):"
echo "  $(java -version 2>&1 | head -1): $(printf '%s\n' "${j17[@]}" | median)"
echo "  $("$java25/bin/java" -version 2>&1 | head -1): $(printf '%s\n' "${j25[@]}" | median)"
echo "  same, -XX:AOTCache ($(du -h "$cache" | cut -f1) cache): $(printf '%s\n' "${aot[@]}" | median)"
echo "PASS: the cache is used and changes nothing in the output"
