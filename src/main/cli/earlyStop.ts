/**
 * Imported first by cli/main.ts, for its side effect: the early stop handler
 * (stopSignals.installEarlyStop) is in place before the CLI's other modules load, so a
 * Ctrl-C during those 1–3 s says so and exits 130 (SIGTERM: 143) instead of ending the
 * process silently. ES modules run in import order, so nothing of main.ts's other imports
 * has run yet. Started through bin/mtl-studio.mjs, the bin installed it already.
 */
import { installEarlyStop } from './stopSignals';

installEarlyStop();
