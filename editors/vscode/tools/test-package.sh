#!/usr/bin/env bash
# test-package.sh SOURCE_DIR WORK_DIR — the VS Code extension's test, as ctest runs it
# (`editors.vscode`): copies editors/vscode/ into WORK_DIR (the source tree stays free of
# node_modules), installs the locked npm packages there (`npm ci`, again only when
# package-lock.json changed), runs the grammar tests (vscode-tmgrammar-test on
# test/grammar/*.pipe), the extension and manifest tests (node --test), and packages
# plumb.vsix with vsce, checking what the package holds. Exits 77 (ctest: skipped) with the
# reason when node or npm is missing.
set -euo pipefail

source_dir=$(cd "$1" && pwd)
work_dir=$2
extension_dir="$source_dir/editors/vscode"

for tool in node npm; do
  if ! command -v "$tool" > /dev/null; then
    echo "skipped: '$tool' is not installed (Node.js with its npm, e.g. the NodeSource build;" \
      "Debian 12's own nodejs package comes without npm: docs/editors.md, VS Code)"
    exit 77
  fi
done
echo "node $(node --version), npm $(npm --version)"

mkdir -p "$work_dir"
# Everything but installed packages and old packages is copied afresh.
find "$work_dir" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .installed-lock \
  -exec rm -rf {} +
(cd "$extension_dir" && tar --exclude=./node_modules --exclude='./*.vsix' -cf - .) |
  (cd "$work_dir" && tar -xf -)

cd "$work_dir"
if ! cmp -s package-lock.json .installed-lock; then
  rm -rf node_modules .installed-lock
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json .installed-lock
fi

npm run --silent test:grammar
PLUMB_SOURCE_DIR="$source_dir" npm run --silent test:extension
npm run --silent package

listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' \
  plumb.vsix)
for expected in extension/package.json extension/extension.js \
  extension/syntaxes/plumb.tmLanguage.json extension/language-configuration.json \
  extension/snippets/plumb.json extension/node_modules/vscode-languageclient/package.json; do
  grep -qxF "$expected" <<< "$listing" || { echo "plumb.vsix lacks $expected"; exit 1; }
done
if grep -qE '^extension/(test|tools)/|^extension/node_modules/(@vscode/vsce|vscode-tmgrammar-test)/' \
  <<< "$listing"; then
  echo "plumb.vsix holds test or build-only files:"
  grep -E '^extension/(test|tools)/|^extension/node_modules/(@vscode/vsce|vscode-tmgrammar-test)/' \
    <<< "$listing" | head
  exit 1
fi
echo "packaged $work_dir/plumb.vsix ($(wc -c < plumb.vsix) bytes)"
