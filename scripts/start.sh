#!/usr/bin/env bash
# The README's first command (`npm start`): install, build the H5 storefront and the admin panel, start everything.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' || { echo "Node.js 20 or newer is needed" >&2; exit 1; }
echo "==> installing npm packages"
npm install --no-audit --no-fund --loglevel=error
echo "==> building the H5 storefront and the admin panel"
npm run -s build:h5 >/tmp/wsc-build-h5.log 2>&1 || { tail -40 /tmp/wsc-build-h5.log; exit 1; }
npm run -s build:admin >/tmp/wsc-build-admin.log 2>&1 || { tail -40 /tmp/wsc-build-admin.log; exit 1; }
echo "==> starting the local stack (Ctrl-C stops it; data stays in ${DATA_DIR:-.data})"
exec npx tsx local/src/main.ts
