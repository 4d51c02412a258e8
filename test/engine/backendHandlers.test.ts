/**
 * Loading the wasm backend leaves no Emscripten process handler behind (backend.ts
 * withoutEmscriptenHandlers). tf-backend-wasm.node.js adds `uncaughtException` (rethrow) and
 * `unhandledRejection` (`throw reason`) handlers in Node; a throw from inside them ends the
 * process with code 7 before our own handlers report (a full test run lost a test process
 * so: "Worker exited unexpectedly"). Expected: the listeners after selecting wasm are the ones
 * before it, checked by their source text as the library ships it.
 */
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';

const emscripten = (event: 'uncaughtException' | 'unhandledRejection') =>
  (process as NodeJS.EventEmitter)
    .listeners(event)
    .filter((l) => /ExitStatus|throw reason/.test(String(l)));

describe('the wasm backend in Node', () => {
  it('keeps no process handler of Emscripten', async () => {
    const before = {
      uncaught: process.listeners('uncaughtException').length,
      rejection: process.listeners('unhandledRejection').length,
    };
    const choice = await selectBackend('wasm');
    expect(choice.name).toBe('wasm');
    expect(emscripten('uncaughtException')).toEqual([]);
    expect(emscripten('unhandledRejection')).toEqual([]);
    expect(process.listeners('uncaughtException')).toHaveLength(before.uncaught);
    expect(process.listeners('unhandledRejection')).toHaveLength(before.rejection);
  });
});
