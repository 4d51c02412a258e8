// Drives electron-vite's main bundle in plain Node (bundle.test.ts): loads index.js with the
// Electron stub, lets it open the project given on the command line (as a double-click
// does), then does the main job through the IPC handlers it registered — create a
// project, import a CSV, define tasks, train (in the bundled training-worker.js) — and
// prints one JSON line of what happened.
//
// argv: BUNDLE_DIR WORK_DIR CSV LAUNCH_PROJECT.mtlproj
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundleDir, workDir, csv] = process.argv.slice(2);
process.env.MTL_STUB_USER_DATA = join(workDir, 'state');

await import(pathToFileURL(join(bundleDir, 'index.js')).href);
const stub = globalThis.electronStub;

async function until(what, test, ms = 60000) {
  const start = Date.now();
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await until('IPC handlers', () => stub.handlers.size > 0);
const page = { senderFrame: { url: 'file:///app/out/renderer/index.html' } };
const call = (channel, request, event = page) =>
  stub.handlers.get(`mtl:invoke:${channel}`)(event, request);
const sentOn = (channel) =>
  stub.sent.filter((m) => m.payload.channel === channel).map((m) => m.payload.payload);

const launched = await until('projects.opened', () => sentOn('projects.opened')[0]);
const untrusted = await call('app.info', {}, { senderFrame: { url: 'https://evil.example/' } });
const info = await call('app.info', {});
const project = await call('projects.create', { path: join(workDir, 'job.mtlproj') });
const dataset = await call('datasets.import', { importId: 'bundle', path: csv });
const tasks = await call('tasks.define', {
  datasetId: dataset.value.id,
  tasks: [{ column: 'species' }, { column: 'island' }],
});
const started = await call('training.start', {
  datasetId: dataset.value.id,
  config: { arch: 'hard-sharing', epochs: 3, batchSize: 64, seed: 7, patience: 0 },
});
const ended = await until(
  'the end of training',
  () => sentOn('training.finished')[0] ?? sentOn('training.failed')[0],
);

// Quit as Electron would: the app's before-quit handler disposes the session first.
for (const listener of stub.appListeners.get('before-quit') ?? []) {
  listener({ preventDefault() {} });
}
await until('quit', () => stub.quit);

process.stdout.write(
  `${JSON.stringify({
    channels: [...stub.handlers.keys()],
    windowPreload: stub.windows[0]?.options.webPreferences.preload,
    windowLoaded: stub.windows[0]?.loaded,
    menu: Array.isArray(stub.menu),
    launched,
    untrusted,
    info,
    project,
    dataset: { ok: dataset.ok, rows: dataset.value?.rowCount },
    tasks: { ok: tasks.ok },
    started: { ok: started.ok, error: started.error },
    ended,
  })}\n`,
);
