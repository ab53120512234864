#!/usr/bin/env bash
# The README's second command (`npm test`): installs what the tests need (npm packages, Debian's chromium and a
# CJK font for the browser tests), type-checks, runs unit + handler + database contract tests, builds every
# front end (H5, weapp with its size check, admin, CloudBase function bundles), runs the weapp build under the
# mini-program stand-in (scripts/weapp) and runs the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ART=artifacts; mkdir -p "$ART"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
# each phase's wall time and the CPU time its processes used (user + system, of the processes waited for), printed
# when the next phase starts; the CPU time beside the wall time shows how busy the phase kept the cores
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_s() { local st; read -r -a st </proc/"${1:-$$}"/stat 2>/dev/null || { echo 0; return; }; echo $(((st[13] + st[14] + st[15] + st[16]) / TICK)); }
PHASE=""; PHASE_START=$SECONDS; PHASE_CPU=$(cpu_s); TOTAL_START=$SECONDS; TOTAL_CPU=$PHASE_CPU
phase() {
  [ -n "$PHASE" ] && echo "==> $PHASE took $((SECONDS - PHASE_START)) s (CPU $(($(cpu_s) - PHASE_CPU)) s)"
  PHASE="$1"; PHASE_START=$SECONDS; PHASE_CPU=$(cpu_s)
  [ -n "$PHASE" ] && echo "==> $PHASE"
  return 0
}
# chromium + a CJK font for the browser tests; PostgreSQL's server binaries so the database seam's contract tests
# also run on a real PostgreSQL server (a throwaway cluster in a temp dir; no service is started)
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q . || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  phase "installing Debian's chromium, a CJK font and PostgreSQL"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei postgresql >/dev/null
fi
phase "npm install"
npm install --no-audit --no-fund --loglevel=error
# What does not depend on each other runs at once: the type check, the builds (the taro ones one after the other) and
# the weapp stand-in run go in the background while the unit tests run in two workers; the end-to-end tests start
# once the H5 and admin builds are there. Each background step's output is in $ART/<step>.log, printed when it fails.
declare -A BG
trap 'kill $(jobs -pr) 2>/dev/null || true' EXIT # a step still running when npm test stops early
step() { # step NAME CMD...: runs CMD in the background, its output in $ART/NAME.log; prints its times when it ends
  local name=$1; shift
  (
    me=$BASHPID; start=$SECONDS; cpu0=$(cpu_s "$me")
    if "$@" >"$ART/$name.log" 2>&1; then rc=0; else rc=$?; fi
    echo "==> $name took $((SECONDS - start)) s (CPU $(($(cpu_s "$me") - cpu0)) s)$([ "$rc" = 0 ] || echo ", FAILED")"
    exit "$rc"
  ) &
  BG[$name]=$!
}
await_step() { # await_step NAME: waits for a background step; on failure prints its log's end and answers 1
  if wait "${BG[$1]}"; then return 0; fi
  echo "==> $1 failed, the end of $ART/$1.log:"; tail -40 "$ART/$1.log"; return 1
}
jest_json() { # jest_json OUT ARGS...: jest writing its JSON report to $ART/OUT (a failing test still answers 0)
  local out=$1; shift
  NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" npx jest --ci --json --outputFile="$ART/$out" "$@" || true
}
rm -f "$ART/h5-built" "$ART/jest-unit.json" "$ART/jest-weapp.json" "$ART/jest-e2e.json"
taro_builds() { # H5 (then marks it built for the end-to-end tests), weapp with its size check, weapp under the stand-in
  npm run -s build:h5 && touch "$ART/h5-built" && npm run -s build:weapp && npx jest -c scripts/weapp/jest.config.js --ci --json --outputFile="$ART/jest-weapp.json"
}
functions_plan() { # the CloudBase function bundles, then the deploy plan's checks on them (folders vs cloudbaserc.json, indexes, code size)
  npm run -s build:functions || return 1
  npm run -s deploy -- --plan >"$ART/deploy-plan.txt" 2>&1 || { tail -20 "$ART/deploy-plan.txt"; return 1; }
}
step typecheck npm run -s typecheck
step build-admin npm run -s build:admin
step build-taro taro_builds
step build-functions functions_plan
phase "unit, handler and database contract tests (2 workers)"
jest_json jest-unit.json --maxWorkers=2
FAILED=""
phase "waiting for the H5 and admin builds"
until [ -e "$ART/h5-built" ] || ! kill -0 "${BG[build-taro]}" 2>/dev/null; do sleep 1; done
[ -e "$ART/h5-built" ] || { await_step build-taro; exit 1; }
await_step build-admin || exit 1
phase "end-to-end tests (headless chromium, 2 workers)"
jest_json jest-e2e.json -c e2e/jest.config.js --maxWorkers=2
phase "waiting for the type check, the weapp build and stand-in run, the function bundles"
await_step typecheck || FAILED="$FAILED typecheck"
await_step build-taro || FAILED="$FAILED build-taro"
grep -a -A2 "^weapp main package" "$ART/build-taro.log" || true
await_step build-functions || FAILED="$FAILED build-functions"
node -e '
const fs = require("fs");
let p = 0, f = 0, s = 0;
for (const file of ["artifacts/jest-unit.json", "artifacts/jest-weapp.json", "artifacts/jest-e2e.json"]) {
  if (!fs.existsSync(file)) { f++; continue; }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  p += r.numPassedTests; f += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0); s += r.numPendingTests;
}
console.log(`${p} passed, ${f} failed, ${s} skipped`);
'
phase ""
echo "==> npm test took $((SECONDS - TOTAL_START)) s (CPU $(($(cpu_s) - TOTAL_CPU)) s)"
[ -z "$FAILED" ] || { echo "failed:$FAILED"; exit 1; }
node -e 'for (const f of ["unit", "weapp", "e2e"]) { const r = JSON.parse(require("fs").readFileSync(`artifacts/jest-${f}.json`, "utf8")); if (!r.success) process.exit(1); }'
