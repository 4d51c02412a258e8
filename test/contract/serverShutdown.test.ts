/**
 * How `npm run serve` stops (server/shutdown.ts): with a run in flight, the page hears the
 * run interrupted and what it asks then is answered from the still open project, never
 * with NO_PROJECT ("No project is open", the bar a new user saw after Ctrl-C); the
 * connection closes as "going away" (1001) and the project stays the one to reopen.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../../src/shared/contract';
import { createHandlers } from '../../src/main/services/handlers';
import { startStudioServer } from '../../src/main/server/server';
import { stopStudio } from '../../src/main/server/shutdown';
import { WS_CLOSE, WS_PATH } from '../../src/shared/wsProtocol';
import { dispatchSession } from '../services/dispatchFixture';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-shutdown-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stopStudio', () => {
  it('interrupts the run, answers the page from the open project, then closes (1001)', async () => {
    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>');
    const stateDir = join(dir, 'state');
    const projectPath = join(dir, 'p.mtlproj');
    const { session, call } = dispatchSession(stateDir);
    await call('projects.create', { path: projectPath });
    const { id: datasetId } = await call('datasets.import', { importId: 'i', path: PENGUINS });
    await call('tasks.define', { datasetId, tasks: [{ column: 'species' }] });
    const server = await startStudioServer({
      handlers: createHandlers(session, {
        info: { version: 't', mode: 'browser', platform: 'linux' },
      }),
      subscribe: (listener) => session.onEvent(listener),
      rendererDir,
    });

    // A page that does what the renderer does on `training.failed`: reads the runs and the
    // session again (stores/training.ts, stores/studio.ts).
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const failed: unknown[] = [];
    const answers = new Map<number, Extract<WsServerMessage, { type: 'result' }>>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WsServerMessage;
      if (message.type === 'result') answers.set(message.id, message);
      else if (message.channel === 'training.failed') {
        failed.push(message.payload);
        ws.send(
          JSON.stringify({
            type: 'invoke',
            id: 1,
            channel: 'training.runs',
            request: { datasetId },
          }),
        );
        ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'session.state', request: {} }));
      }
    });
    const closeCode = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    const run = await call('training.start', {
      datasetId,
      config: { epochs: 100_000, patience: 0, batchSize: 2, backend: 'cpu' },
    });
    // One run in flight, stored as interrupted: the count Ctrl-C prints (server/main.ts).
    expect(await stopStudio(session, server)).toBe(1);
    expect(await closeCode).toBe(WS_CLOSE.goingAway);

    expect(failed).toEqual([expect.objectContaining({ runId: run.id, interrupted: true })]);
    // Whatever was answered came from the open project: the run interrupted, the project
    // still there. Before the fix the project was closed first, and both were NO_PROJECT.
    for (const answer of answers.values()) {
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
    }
    const runs = answers.get(1);
    if (runs?.ok) {
      expect(runs.value).toEqual([expect.objectContaining({ id: run.id, status: 'interrupted' })]);
    }

    // The project stays the one to reopen, its run stored as interrupted.
    const after = dispatchSession(stateDir);
    try {
      expect(await after.session.reopenLastProject()).toMatchObject({ path: projectPath });
      expect(await after.call('training.runs', { datasetId })).toEqual([
        expect.objectContaining({ id: run.id, status: 'interrupted' }),
      ]);
    } finally {
      await after.session.dispose();
    }
  }, 60_000);
});
