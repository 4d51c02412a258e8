/**
 * `npm run serve`: the studio in a browser. Builds the renderer when `out/renderer` is
 * missing, starts the server on 127.0.0.1 and prints the URL with its token.
 *
 * Options: `--port N` (default: a free port), `--rebuild` (build the renderer even if
 * present), `--token T` (a fixed token, for a bookmarked URL; default: a new random one
 * per start), `--renderer DIR` (serve a renderer built elsewhere, e.g. by a test). Environment: MTL_STUDIO_TOKEN (same as --token), MTL_STUDIO_STATE_DIR
 * (recent projects and UI state; default ~/.config/mtl-studio).
 *
 * The project open when the server last stopped is reopened. Ctrl-C (SIGINT) or SIGTERM
 * stores runs in flight as interrupted (they can be restarted), closes the project and
 * exits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { counted } from '../../shared/counted';
import { createHandlers } from '../services/handlers';
import { StudioSession } from '../services/session';
import { checkToken, parsePort, startStudioServer } from './server';
import { stopStudio } from './shutdown';
import { defaultStateDir, ensureRendererBuilt, repoRoot } from './setup';

async function main(argv: string[]): Promise<void> {
  const portAt = argv.indexOf('--port');
  const port = parsePort(argv[portAt + 1], portAt >= 0);
  const tokenAt = argv.indexOf('--token');
  const token =
    tokenAt >= 0 ? (argv[tokenAt + 1] ?? '') : process.env.MTL_STUDIO_TOKEN || undefined;
  if (token !== undefined) checkToken(token);
  const rendererAt = argv.indexOf('--renderer');
  const rendererDir =
    rendererAt >= 0
      ? resolve(argv[rendererAt + 1] ?? '')
      : ensureRendererBuilt(undefined, argv.includes('--rebuild'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir} (index.html is missing)`);
  }
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const session = new StudioSession({ stateDir: defaultStateDir() });
  const handlers = createHandlers(session, {
    info: { version, mode: 'browser', platform: process.platform },
  });
  const reopened = await session.reopenLastProject();
  const server = await startStudioServer({
    handlers,
    subscribe: (listener) => session.onEvent(listener),
    rendererDir,
    port,
    token,
  });
  if (reopened) console.log(`Reopened the project ${reopened.path}`);
  console.log(
    `MTL Studio is running. Open this URL in a browser (it carries the access token):\n\n  ${server.url}\n`,
  );
  console.log(
    token === undefined
      ? 'The token changes at every start (--token or MTL_STUDIO_TOKEN fixes one). Press Ctrl-C to stop.'
      : 'Press Ctrl-C to stop.',
  );
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (session.activeRuns().length > 0) console.log(`${signal}: stopping the runs in flight…`);
    // Runs first (stored as interrupted while the pages can still hear it and read the
    // project), then the connections, then the project (shutdown.ts). The count is of what
    // happened: a run that finished on its own meanwhile is stored as completed, not counted.
    const interrupted = await stopStudio(session, server);
    if (interrupted > 0)
      console.log(
        `Stored ${counted(interrupted, 'run', 'runs')} as interrupted (${interrupted === 1 ? 'it' : 'they'} can be restarted).`,
      );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
