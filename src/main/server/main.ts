/**
 * `npm run serve`: the studio in a browser. Builds the renderer when `out/renderer` is
 * missing, starts the server on 127.0.0.1 and prints the URL with its token.
 *
 * Options: `--port N` (default: a free port), `--rebuild` (build the renderer even if
 * present). Environment: MTL_STUDIO_STATE_DIR (recent-projects list; default
 * ~/.config/mtl-studio).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlers } from '../services/handlers';
import { StudioSession } from '../services/session';
import { startStudioServer } from './server';
import { defaultStateDir, ensureRendererBuilt, repoRoot } from './setup';

async function main(argv: string[]): Promise<void> {
  const portAt = argv.indexOf('--port');
  const port = portAt >= 0 ? Number(argv[portAt + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer in 0…65535, got "${argv[portAt + 1]}"`);
  }
  const rendererDir = ensureRendererBuilt(undefined, argv.includes('--rebuild'));
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const session = new StudioSession({ stateDir: defaultStateDir() });
  const handlers = createHandlers(session, {
    info: { version, mode: 'browser', platform: process.platform },
  });
  const server = await startStudioServer({
    handlers,
    subscribe: (listener) => session.onEvent(listener),
    rendererDir,
    port,
  });
  console.log(
    `MTL Studio is running. Open this URL in a browser (it carries the access token):\n\n  ${server.url}\n`,
  );
  console.log('Press Ctrl-C to stop.');
  const stop = async (): Promise<void> => {
    await server.close();
    await session.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
