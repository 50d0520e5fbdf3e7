// extension.js — the VS Code side of plumb. It starts the language server (`plumb lsp`, the
// plumb binary from the setting `plumb.path`, else the one on PATH) for `.pipe` files and hands
// it the editor's requests: diagnostics, hover, completion, definitions, references, symbols,
// rename, formatting and signature help all come from the server (docs/editors.md).
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client = null;

function serverOptions(configuration) {
  const command = configuration.get('path') || 'plumb';
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  return { run, debug: run };
}

function clientOptions(outputChannel) {
  return {
    documentSelector: [
      { scheme: 'file', language: 'plumb' },
      { scheme: 'untitled', language: 'plumb' },
    ],
    outputChannel,
  };
}

async function startClient(outputChannel) {
  const configuration = vscode.workspace.getConfiguration('plumb');
  const candidate = new LanguageClient(
    'plumb',
    'plumb language server',
    serverOptions(configuration),
    clientOptions(outputChannel),
  );
  try {
    await candidate.start();
    client = candidate;
  } catch (error) {
    const command = configuration.get('path') || 'plumb';
    vscode.window.showErrorMessage(
      `plumb: could not start \`${command} lsp\` (${error.message || error}). ` +
        'Install plumb or set "plumb.path" to its binary.',
    );
  }
}

async function stopClient() {
  if (client === null) return;
  const running = client;
  client = null;
  await running.stop();
}

async function activate(context) {
  const outputChannel = vscode.window.createOutputChannel('plumb');
  context.subscriptions.push(outputChannel);
  context.subscriptions.push(
    vscode.commands.registerCommand('plumb.restartServer', async () => {
      await stopClient();
      await startClient(outputChannel);
    }),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('plumb.path')) return;
      await stopClient();
      await startClient(outputChannel);
    }),
  );
  await startClient(outputChannel);
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
