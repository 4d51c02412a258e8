/**
 * What `mtl-studio demo cards` says when Ctrl-C stops it (demoStoppedMessage): the signal,
 * each run with its stored status, and where the project is. Expected lines written by hand.
 */
import { describe, expect, it } from 'vitest';
import { demoStoppedMessage } from '../../src/main/cli/commands/trainingStop';

describe('demoStoppedMessage', () => {
  it('names the runs as stored and the temporary project', () => {
    const runs = [
      { id: 1, arch: 'single-task', status: 'cancelled' },
      { id: 2, arch: 'hard-sharing', status: 'completed' },
    ];
    expect(demoStoppedMessage('SIGINT', '/tmp/d/cards.mtlproj', runs, true)).toBe(
      'Demo stopped by SIGINT (Ctrl-C): run 1 (single-task) stored as cancelled, run 2 (hard-sharing) stored as completed, in /tmp/d/cards.mtlproj (a new project in the temp folder).',
    );
  });

  it('says no run was stored when it stopped before training (project given with -p)', () => {
    expect(demoStoppedMessage('SIGTERM', 'my.mtlproj', [], false)).toBe(
      'Demo stopped by SIGTERM before any run was stored; the project is left at my.mtlproj.',
    );
  });
});
