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
cpu_s() { local st; read -r -a st </proc/$$/stat 2>/dev/null || { echo 0; return; }; echo $(((st[13] + st[14] + st[15] + st[16]) / TICK)); }
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
phase "typecheck"
npm run -s typecheck
phase "unit, handler and database contract tests"
set +e
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" npx jest --ci --json --outputFile="$ART/jest-unit.json"
UNIT=$?
set -e
phase "build: H5"
npm run -s build:h5 >"$ART/build-h5.log" 2>&1 || { tail -40 "$ART/build-h5.log"; exit 1; }
phase "build: admin"
npm run -s build:admin >"$ART/build-admin.log" 2>&1 || { tail -40 "$ART/build-admin.log"; exit 1; }
phase "build: weapp"
npm run -s build:weapp 2>&1 | tee "$ART/build-weapp.log" | tail -3
phase "the weapp build run under the mini-program stand-in"
set +e
npx jest -c scripts/weapp/jest.config.js --ci --json --outputFile="$ART/jest-weapp.json"
WEAPP=$?
set -e
phase "build: functions and the deploy plan's checks"
npm run -s build:functions
# the deploy plan's checks on the real bundles (function folders vs cloudbaserc.json, indexes, code size)
npm run -s deploy -- --plan >"$ART/deploy-plan.txt" 2>&1 || { tail -20 "$ART/deploy-plan.txt"; exit 1; }
phase "end-to-end tests (headless chromium)"
set +e
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning" npx jest -c e2e/jest.config.js --ci --runInBand --json --outputFile="$ART/jest-e2e.json"
E2E=$?
set -e
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
[ "$UNIT" = 0 ] && [ "$WEAPP" = 0 ] && [ "$E2E" = 0 ]
