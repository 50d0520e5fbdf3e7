// examples.test.js — tokenizes every program of the repository's examples/ and test/run/ with
// the grammar, as VS Code does, and checks that these valid programs get no `invalid.illegal`
// token and that every region the grammar opens (strings, interpolations, brackets, parameter
// lists) is closed by the end of the file. PLUMB_SOURCE_DIR names the repository root when the
// extension is tested from a copy.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

const extensionRoot = path.join(__dirname, '..');
const sourceRoot = process.env.PLUMB_SOURCE_DIR || path.join(extensionRoot, '..', '..');

function pipeFiles(folder) {
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...pipeFiles(full));
    else if (entry.name.endsWith('.pipe')) found.push(full);
  }
  return found;
}

// The programs of test/run/ all parse and check: the run tests execute them.
function runTests() {
  const folder = path.join(sourceRoot, 'test', 'run');
  return fs.existsSync(folder) ? pipeFiles(folder) : [];
}

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarPath = path.join(extensionRoot, 'syntaxes', 'plumb.tmLanguage.json');
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.plumb'
        ? textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  return registry.loadGrammar('source.plumb');
}

test('valid programs tokenize without invalid tokens and close every region', async () => {
  const grammar = await loadGrammar();
  const files = [...pipeFiles(path.join(sourceRoot, 'examples')), ...runTests()];
  assert.ok(files.length >= 10, `only ${files.length} programs found under ${sourceRoot}`);
  for (const file of files) {
    let state = textmate.INITIAL;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const result = grammar.tokenizeLine(line, state);
      for (const token of result.tokens) {
        const invalid = token.scopes.find((scope) => scope.startsWith('invalid'));
        assert.ok(
          !invalid,
          `${file}:${index + 1}:${token.startIndex + 1}: ${invalid} on ` +
            JSON.stringify(line.slice(token.startIndex, token.endIndex)),
        );
      }
      state = result.ruleStack;
    });
    assert.strictEqual(state.depth, 1, `${file}: a region is still open at the end of the file`);
  }
});
