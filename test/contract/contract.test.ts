/**
 * The contract is the single list of channels: the handlers, the Electron IPC binding and
 * the preload bridge are generated from it and must cover exactly its channels; a bad
 * request gets a typed error, never an exception.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE,
  INVOKE_CHANNELS,
  IPC_EVENT_NAME,
  ipcInvokeName,
  type Handlers,
} from '../../src/shared/contract';
import { MtlError } from '../../src/shared/errors';
import {
  bindInvokeChannels,
  checkRequestShape,
  dispatch,
  MAX_REQUEST_DEPTH,
} from '../../src/main/services/dispatch';
import { quoteValue } from '../../src/shared/schemas';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import { createBridge } from '../../src/preload/bridge';

let stateDir: string;
let session: StudioSession;
let handlers: Handlers;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'mtl-contract-'));
  session = new StudioSession({ stateDir });
  handlers = createHandlers(session, {
    info: { version: '0.0.0-test', mode: 'browser', platform: 'linux' },
  });
});
afterAll(async () => {
  await session.dispose();
  await rm(stateDir, { recursive: true, force: true });
});

describe('channel lists', () => {
  it('lists the invoke channels the contract declares, each once', () => {
    expect(INVOKE_CHANNELS).toEqual(Object.keys(INVOKE));
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
    expect(INVOKE_CHANNELS).toEqual(
      expect.arrayContaining([
        'projects.create',
        'datasets.import',
        'datasets.rows',
        'tasks.define',
        'training.start',
        'compare.confusionRows',
      ]),
    );
    expect(EVENT_CHANNELS).toEqual(
      expect.arrayContaining([
        'import.progress',
        'training.epoch',
        'training.finished',
        'training.failed',
      ]),
    );
  });

  it('implements a handler for exactly the contract channels', () => {
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) expect(typeof handlers[channel]).toBe('function');
  });

  it('binds every contract channel to Electron IPC, by its IPC name', async () => {
    const registered = new Map<string, (request: unknown) => Promise<unknown>>();
    bindInvokeChannels(handlers, (channel, answer) =>
      registered.set(ipcInvokeName(channel), answer),
    );
    expect([...registered.keys()].sort()).toEqual(INVOKE_CHANNELS.map(ipcInvokeName).sort());
    const info = await registered.get(ipcInvokeName('app.info'))!({});
    expect(info).toEqual({
      ok: true,
      value: { version: '0.0.0-test', mode: 'browser', platform: 'linux', nativeDialogs: false },
    });
  });

  it('exposes through the preload one function per channel and subscribe, nothing else', async () => {
    const calls: unknown[][] = [];
    let deliver: (event: unknown, message: unknown) => void = () => undefined;
    const bridge = createBridge({
      invoke: async (...args) => {
        calls.push(args);
        return { ok: true, value: 'answer' };
      },
      on: (channel, listener) => {
        expect(channel).toBe(IPC_EVENT_NAME);
        deliver = listener;
      },
    });
    expect(Object.keys(bridge).sort()).toEqual([...INVOKE_CHANNELS, 'subscribe'].sort());
    expect(Object.keys(bridge)).not.toContain('invoke');
    for (const channel of INVOKE_CHANNELS) expect(typeof bridge[channel]).toBe('function');

    await expect(bridge['datasets.rows']({ datasetId: 1, offset: 0, limit: 10 })).resolves.toEqual({
      ok: true,
      value: 'answer',
    });
    expect(calls).toEqual([['mtl:invoke:datasets.rows', { datasetId: 1, offset: 0, limit: 10 }]]);

    const epochs: unknown[] = [];
    const stop = bridge.subscribe('training.epoch', (p) => epochs.push(p));
    deliver({}, { channel: 'training.epoch', payload: { runId: 1 } });
    deliver({}, { channel: 'import.progress', payload: { importId: 'x' } });
    deliver({}, { channel: 'not.a.channel', payload: {} });
    stop();
    deliver({}, { channel: 'training.epoch', payload: { runId: 2 } });
    expect(epochs).toEqual([{ runId: 1 }]);
    expect(() => bridge.subscribe('nope' as 'training.epoch', () => undefined)).toThrow(
      /Unknown event/,
    );
  });
});

describe('dispatch', () => {
  it('answers an unknown channel with BAD_REQUEST', async () => {
    await expect(dispatch(handlers, 'fs.readFile', { path: '/etc/passwd' })).resolves.toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Unknown channel "fs.readFile".' },
    });
    // Prototype keys are not channels.
    const proto = await dispatch(handlers, 'constructor', {});
    expect(proto.ok).toBe(false);
  });

  it('answers an invalid request with BAD_REQUEST naming the field and value', async () => {
    const wrongType = await dispatch(handlers, 'datasets.rows', {
      datasetId: 'one',
      offset: 0,
      limit: 5,
    });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.code).toBe('BAD_REQUEST');
      expect(wrongType.error.message).toContain('datasetId = "one"');
    }
    const tooMany = await dispatch(handlers, 'datasets.rows', {
      datasetId: 1,
      offset: 0,
      limit: 1e6,
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const extraKey = await dispatch(handlers, 'projects.open', { path: '/x.mtlproj', evil: true });
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notAnObject = await dispatch(handlers, 'projects.open', 'just a string');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const badConfig = await dispatch(handlers, 'training.start', {
      datasetId: 1,
      config: { learningRate: -1 },
    });
    expect(badConfig).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!badConfig.ok) expect(badConfig.error.message).toContain('learningRate = -1');
  });

  it('refuses a request nested deeper than MAX_REQUEST_DEPTH before validating it, at any depth', async () => {
    // Built iteratively: 100 000 levels would overflow any recursive walk (zod's, JSON's).
    let deep: unknown = 1;
    for (let d = 0; d < 100_000; d++) deep = d % 2 ? [deep] : { a: deep };
    for (const channel of ['datasets.preview', 'tasks.define', 'app.info'] as const) {
      const answer = await dispatch(handlers, channel, { path: deep });
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: `Invalid request on "${channel}": it is nested more than ${MAX_REQUEST_DEPTH} levels deep.`,
        },
      });
    }
    // Electron's structured clone keeps cycles: refused by depth, in bounded time.
    const cyclic: Record<string, unknown> = { path: 'a.csv' };
    cyclic.self = cyclic;
    expect(checkRequestShape(cyclic)).toMatch(/nested more than/);
    // As deep as allowed (the request is level 1): validated, and the value quoted briefly.
    let allowed: unknown = 'x';
    for (let d = 1; d < MAX_REQUEST_DEPTH - 1; d++) allowed = [allowed];
    expect(checkRequestShape({ path: allowed })).toBeNull();
    const validated = await dispatch(handlers, 'datasets.preview', { path: allowed });
    expect(validated).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!validated.ok) expect(validated.error.message).toContain('path = [[[[…]]]]: ');
    // A deep channel name is quoted, not serialised.
    const deepChannel = await dispatch(handlers, deep, {});
    expect(deepChannel).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('describes invalid requests briefly, whatever their size', async () => {
    const huge = await dispatch(handlers, 'projects.open', { path: 'x'.repeat(1 << 20) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!huge.ok) {
      expect(huge.error.message.length).toBeLessThan(2100);
      expect(huge.error.message).toContain('path = "xxxx');
    }
    const many = await dispatch(handlers, 'tasks.candidates', {
      datasetId: 1,
      columns: Array.from({ length: 500 }, (_, i) => i),
    });
    expect(many).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!many.ok) {
      expect(many.error.message).toContain('columns.0 = 0: ');
      expect(many.error.message).toContain('and 490 more problems');
    }
    expect(quoteValue({ a: [1, 'two', null, { b: true }], c: NaN, d: -Infinity })).toBe(
      '{"a": [1, "two", null, {"b": true}], "c": NaN, "d": -Infinity}',
    );
    expect(quoteValue(Array.from({ length: 9 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, … 4 more]');
    expect(quoteValue(Symbol('s'))).toBe('symbol');
  });

  it('keeps prototype keys harmless: no pollution, and column maps without a prototype', async () => {
    // JSON.parse makes "__proto__" an own key, as a WebSocket frame would.
    const polluting = JSON.parse(
      '{"path":"a.csv","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
    ) as unknown;
    const answer = await dispatch(handlers, 'datasets.preview', polluting);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const parsed = INVOKE['datasets.import'].request.parse(
      JSON.parse(
        '{"importId":"i","path":"a.csv","columnTypes":{"__proto__":"text","b":"numeric"},"columnRoles":{}}',
      ),
    );
    // A column named like an Object.prototype member finds nothing it was not given.
    expect(parsed.columnTypes?.['constructor']).toBeUndefined();
    expect(parsed.columnRoles?.['toString']).toBeUndefined();
    expect(parsed.columnTypes?.['b']).toBe('numeric');
    expect(Object.getPrototypeOf(parsed.columnTypes)).toBeNull();
  });

  it('validates the import options missingTokens and decimalComma on preview and import', async () => {
    const options = { missingTokens: ['', 'NA', 'None'], decimalComma: true };
    const preview = INVOKE['datasets.preview'].request.safeParse({ path: '/a.csv', ...options });
    expect(preview.success).toBe(true);
    if (preview.success) expect(preview.data).toMatchObject(options);
    const imported = INVOKE['datasets.import'].request.safeParse({
      importId: 'i',
      path: '/a.csv',
      ...options,
    });
    expect(imported.success).toBe(true);
    if (imported.success) expect(imported.data).toMatchObject(options);

    for (const channel of ['datasets.preview', 'datasets.import'] as const) {
      const base =
        channel === 'datasets.import' ? { importId: 'i', path: '/a.csv' } : { path: '/a.csv' };
      const asText = await dispatch(handlers, channel, { ...base, missingTokens: 'NA, None' });
      expect(asText).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!asText.ok) expect(asText.error.message).toContain('missingTokens = "NA, None"');
      const numbers = await dispatch(handlers, channel, { ...base, missingTokens: [1, 2] });
      expect(numbers).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!numbers.ok) expect(numbers.error.message).toContain('missingTokens');
      const comma = await dispatch(handlers, channel, { ...base, decimalComma: 'yes' });
      expect(comma).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!comma.ok) expect(comma.error.message).toContain('decimalComma');
    }
  });

  it('passes a handler error on as its typed payload, and anything else as INTERNAL', async () => {
    const failing = {
      ...handlers,
      'projects.current': async () => {
        throw new MtlError('NOT_FOUND', 'gone');
      },
      'projects.recent': async () => {
        throw new TypeError('boom');
      },
    } as Handlers;
    await expect(dispatch(failing, 'projects.current', {})).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
    const original = console.error;
    console.error = () => undefined;
    try {
      await expect(dispatch(failing, 'projects.recent', undefined)).resolves.toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'boom' },
      });
    } finally {
      console.error = original;
    }
  });

  it('refuses project work while no project is open', async () => {
    const result = await dispatch(handlers, 'datasets.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!result.ok) expect(result.error.message).toMatch(/No project is open/);
    await expect(dispatch(handlers, 'projects.current', {})).resolves.toEqual({
      ok: true,
      value: null,
    });
  });

  it('opens a missing project file as NOT_FOUND, without crashing', async () => {
    const result = await dispatch(handlers, 'projects.open', {
      path: join(stateDir, 'missing.mtlproj'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('tells the UI that browser mode has no native dialog, and refuses to show one', async () => {
    await expect(dispatch(handlers, 'dialogs.open', { kind: 'open-csv' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});
