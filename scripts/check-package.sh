#!/usr/bin/env bash
# The published package as a consumer gets it: pack it, install the tarball in an empty
# project (from the tarball and the npm cache; the registry only for metadata the cache
# lacks, since `npm ci` caches tarballs but not package documents), type-check an example under
# `strict` with `skipLibCheck: false`, then lint the package (publint) and its types for
# every module resolution (@arethetypeswrong/cli).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- npm pack"
# The build is current (CI builds it first), so no prepare script here.
tarball=$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)

echo "--- install the tarball in an empty project"
mkdir "$work/consumer"
cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "consumer", "version": "0.0.0", "private": true, "type": "module" }
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "noEmit": true,
    "verbatimModuleSyntax": true
  },
  "files": ["example.ts"]
}
JSON
cp "$root/scripts/consumer/example.ts" example.ts
npm install --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error "$work/$tarball"

echo "--- tsc --noEmit (strict, skipLibCheck false)"
"$root/node_modules/.bin/tsc" -p tsconfig.json

cd "$root"
echo "--- publint"
npx --no-install publint run "$work/$tarball" --strict
echo "--- arethetypeswrong"
npx --no-install attw "$work/$tarball" --profile esm-only
