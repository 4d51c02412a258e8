/**
 * The studio server as its own process, for serverFuzz.test.ts: the same wiring as
 * `npm run serve` (src/main/server/main.ts) over a given renderer folder and state folder,
 * so a crash ends this process and its stderr is what a user of `npm run serve` would see.
 *
 * argv: RENDERER_DIR STATE_DIR. Prints one JSON line `{ port, token }` once listening.
 * Each line "report" on stdin answers one JSON line with the names on Object.prototype and
 * Array.prototype (a polluted prototype shows up there) and the resident memory in bytes.
 */
import { createInterface } from 'node:readline';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import { startStudioServer } from '../../src/main/server/server';

const [rendererDir, stateDir] = process.argv.slice(2);
const session = new StudioSession({ stateDir });
const server = await startStudioServer({
  handlers: createHandlers(session, {
    info: { version: 'fuzz', mode: 'browser', platform: process.platform },
  }),
  subscribe: (listener) => session.onEvent(listener),
  rendererDir,
});
process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);

const probe: Record<string, unknown> = {};
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  process.stdout.write(
    `${JSON.stringify({
      objectPrototype: Object.getOwnPropertyNames(Object.prototype).sort(),
      arrayPrototype: Object.getOwnPropertyNames(Array.prototype).sort(),
      polluted: probe.polluted ?? null,
      rss: process.memoryUsage().rss,
    })}\n`,
  );
});
process.stdin.on('end', () => {
  void server.close().then(() => session.dispose());
});
