// manifest.test.js — checks that what package.json promises VS Code exists and is well formed:
// the language, grammar, snippet and language-configuration files it names, and snippets whose
// bodies are non-empty lines.
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readJson = (relative) => JSON.parse(fs.readFileSync(path.join(root, relative), 'utf8'));

test('the plumb language owns .pipe files and has a configuration', () => {
  const [language] = manifest.contributes.languages;
  assert.strictEqual(language.id, 'plumb');
  assert.deepStrictEqual(language.extensions, ['.pipe']);
  const configuration = readJson(language.configuration);
  assert.strictEqual(configuration.comments.lineComment, '#');
});

test('the grammar named in the manifest is the one for source.plumb', () => {
  const [grammar] = manifest.contributes.grammars;
  assert.strictEqual(readJson(grammar.path).scopeName, grammar.scopeName);
});

test('every snippet has a prefix, a description and a body', () => {
  const snippets = readJson(manifest.contributes.snippets[0].path);
  assert.ok(Object.keys(snippets).length >= 8);
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.prefix, name);
    assert.ok(snippet.description, name);
    assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => line.length > 0), name);
  }
});

test('the extension starts on plumb documents', () => {
  assert.strictEqual(manifest.main, './extension.js');
  assert.ok(fs.existsSync(path.join(root, manifest.main)));
});
