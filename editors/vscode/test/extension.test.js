// extension.test.js — checks the glue in extension.js without VS Code: the `vscode` and
// `vscode-languageclient/node` modules are replaced by recording fakes, so the tests see which
// server command the extension starts, for which documents, and what it tells the user when
// `plumb lsp` cannot start.
'use strict';

const assert = require('node:assert');
const Module = require('node:module');
const path = require('node:path');
const test = require('node:test');

function fakeEnvironment({ pluginPath = '', startFails = false } = {}) {
  const recorded = { clients: [], errors: [], commands: new Map(), configurationListeners: [] };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
      recorded.clients.push(this);
    }
    async start() {
      if (startFails) throw new Error('spawn plumb ENOENT');
      this.started = true;
    }
    async stop() {
      this.stopped = true;
    }
  }
  const vscode = {
    workspace: {
      getConfiguration: (section) => {
        assert.strictEqual(section, 'plumb');
        return { get: (key) => (key === 'path' ? pluginPath : undefined) };
      },
      onDidChangeConfiguration: (listener) => {
        recorded.configurationListeners.push(listener);
        return { dispose() {} };
      },
    },
    window: {
      createOutputChannel: (name) => ({ name, dispose() {} }),
      showErrorMessage: (message) => recorded.errors.push(message),
    },
    commands: {
      registerCommand: (name, callback) => {
        recorded.commands.set(name, callback);
        return { dispose() {} };
      },
    },
  };
  const client = { LanguageClient, TransportKind: { stdio: 0 } };
  return { recorded, modules: { vscode, 'vscode-languageclient/node': client } };
}

function loadExtension(modules) {
  const extensionPath = path.join(__dirname, '..', 'extension.js');
  delete require.cache[require.resolve(extensionPath)];
  const originalLoad = Module._load;
  Module._load = function load(request, ...rest) {
    if (Object.prototype.hasOwnProperty.call(modules, request)) return modules[request];
    return originalLoad.call(this, request, ...rest);
  };
  try {
    return require(extensionPath);
  } finally {
    Module._load = originalLoad;
  }
}

test('starts `plumb lsp` from PATH for plumb documents', async () => {
  const { recorded, modules } = fakeEnvironment();
  const extension = loadExtension(modules);
  await extension.activate({ subscriptions: [] });
  assert.strictEqual(recorded.clients.length, 1);
  const client = recorded.clients[0];
  assert.ok(client.started);
  assert.deepStrictEqual(client.serverOptions.run, { command: 'plumb', args: ['lsp'], transport: 0 });
  assert.deepStrictEqual(
    client.clientOptions.documentSelector.map((selector) => selector.language),
    ['plumb', 'plumb'],
  );
  assert.deepStrictEqual(recorded.errors, []);
  await extension.deactivate();
  assert.ok(client.stopped);
});

test('uses the binary named by plumb.path', async () => {
  const { recorded, modules } = fakeEnvironment({ pluginPath: '/opt/plumb/bin/plumb' });
  const extension = loadExtension(modules);
  await extension.activate({ subscriptions: [] });
  assert.strictEqual(recorded.clients[0].serverOptions.run.command, '/opt/plumb/bin/plumb');
});

test('says how to fix a server that cannot start, without throwing', async () => {
  const { recorded, modules } = fakeEnvironment({ startFails: true });
  const extension = loadExtension(modules);
  await extension.activate({ subscriptions: [] });
  assert.strictEqual(recorded.errors.length, 1);
  assert.match(recorded.errors[0], /could not start `plumb lsp`.*ENOENT.*"plumb\.path"/);
  await extension.deactivate();
});

test('the restart command replaces the running server', async () => {
  const { recorded, modules } = fakeEnvironment();
  const extension = loadExtension(modules);
  await extension.activate({ subscriptions: [] });
  await recorded.commands.get('plumb.restartServer')();
  assert.strictEqual(recorded.clients.length, 2);
  assert.ok(recorded.clients[0].stopped);
  assert.ok(recorded.clients[1].started);
});

test('a change of plumb.path restarts the server; other settings do not', async () => {
  const { recorded, modules } = fakeEnvironment();
  const extension = loadExtension(modules);
  await extension.activate({ subscriptions: [] });
  const [listener] = recorded.configurationListeners;
  await listener({ affectsConfiguration: (key) => key === 'editor.fontSize' });
  assert.strictEqual(recorded.clients.length, 1);
  await listener({ affectsConfiguration: (key) => key === 'plumb.path' });
  assert.strictEqual(recorded.clients.length, 2);
});
