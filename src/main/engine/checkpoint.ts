/**
 * Training checkpoints: the whole state of a run after a finished epoch — weights, Adam's
 * moments and step counts, the loss weighting's state, the random streams, early stopping
 * and the learning-rate plateau, the epoch records — so a run killed later continues from
 * there and ends exactly as it would have without the interruption (same backend).
 *
 * The engine owns the format; the store keeps the bytes without reading them. Encoded as
 * `MTLCKPT1`, a little-endian u32 header length, a JSON header (typed arrays replaced by
 * references, NaN and ±Infinity spelled out), padding to 4 bytes, the number of typed
 * arrays and each one's length (u32), their bytes, and a SHA-256 of everything before it, so a damaged checkpoint is refused, never half-used.
 */
import { createHash } from 'node:crypto';
import type { CheckpointPolicy, EpochRecord } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { KernelState } from './kernel/fusedKernel';
import type { AdamState } from './optimizer';

/** When a run saves checkpoints (shared/domain.ts: a run stores it, `RunInfo.checkpointPolicy`). */
export type { CheckpointPolicy };

/** Every epoch, at most one per 10 s: a crash loses at most ≈ 10 s of training. */
export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyEpochs: 1, minSeconds: 10 };

/**
 * The longest wait between checkpoints a policy may ask for (`train --checkpoint-seconds`), in
 * seconds: a day. A longer one would in effect save none; `--checkpoint-every 0` says that.
 */
export const MAX_CHECKPOINT_SECONDS = 86_400;

/** Early-stopping state of one group of tasks that stop together. */
export interface EarlyStoppingState {
  /** Best [score, tie-break] so far (engine/schedule.ts stoppingScore). */
  score: [number, number];
  /** 1-based epoch of the best score (0: none yet). */
  epoch: number;
  /** Epochs since the best one (the patience counter). */
  wait: number;
  /** Learning-rate halvings so far (reduce on plateau). */
  halvings: number;
  done: boolean;
  /** The best epoch's weights, in the group's weight order; null before the first. */
  snapshot: Float32Array[] | null;
}

/** The training state after epoch {@link epoch}; see the module comment. */
export interface TrainingCheckpoint {
  format: 1;
  /** Epochs finished (the last record's number). */
  epoch: number;
  /** The job's fingerprint (data and configuration): a checkpoint resumes only its own job. */
  fingerprint: string;
  /** Which implementation ran the steps (its optimiser state lives there). */
  stepEngine: 'fused-kernel' | 'tfjs';
  epochs: EpochRecord[];
  /** Per finished epoch, each task's mean training loss (DWA reads it). */
  lossHistory: number[][];
  /** Mini-batch steps so far (the tfjs path's dropout seeds follow it). */
  step: number;
  /** States of the shuffle and augmentation streams. */
  random: { shuffle: number; augment: number };
  /** The batch source's permutation of the training rows, when it keeps one. */
  order: Int32Array | null;
  /** The network's weights, in `network.weights` order. */
  weights: Float32Array[];
  /** tfjs path: each early-stopping group's flat Adam; null on the kernel path. */
  optimizers: AdamState[] | null;
  /** Values of the weighting's own parameters (uncertainty's s_i) and their Adam state. */
  weightingParameters: Float32Array[];
  looseAdam: (AdamState | null)[];
  /** The weighting's other state (WeightingState.saveState), or null. */
  weighting: number[][] | null;
  best: EarlyStoppingState[];
  /** Kernel path: its weights, moments, step counts, rates and dropout stream. */
  kernel: KernelState | null;
}

const MAGIC = 'MTLCKPT1';
const DIGEST_BYTES = 32;

type ArrayRef = { $array: number; type: 'f32' | 'i32' };

/**
 * Encodes a checkpoint (see the module comment).
 * @returns new bytes; the typed arrays are copied.
 */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Uint8Array {
  const arrays: (Float32Array | Int32Array)[] = [];
  const header = JSON.stringify(checkpoint, (_key, value: unknown) => {
    if (value instanceof Float32Array || value instanceof Int32Array) {
      arrays.push(value);
      return {
        $array: arrays.length - 1,
        type: value instanceof Float32Array ? 'f32' : 'i32',
      } satisfies ArrayRef;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
  const json = Buffer.from(header, 'utf8');
  const headerEnd = align4(MAGIC.length + 4 + json.length);
  const lengths = arrays.map((a) => a.byteLength);
  const body = headerEnd + 4 + 4 * arrays.length + lengths.reduce((n, b) => n + b, 0);
  const out = Buffer.alloc(body + DIGEST_BYTES);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  out.writeUInt32LE(arrays.length, headerEnd);
  let at = headerEnd + 4;
  for (const a of arrays) {
    out.writeUInt32LE(a.length, at);
    at += 4;
  }
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  createHash('sha256').update(out.subarray(0, body)).digest().copy(out, body);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Decodes {@link encodeCheckpoint}'s bytes.
 * @throws MtlError('CHECKPOINT_INVALID') for bytes that are not a checkpoint of this
 *   format, or whose checksum fails (damaged).
 */
export function decodeCheckpoint(bytes: Uint8Array): TrainingCheckpoint {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (why: string) =>
    new MtlError('CHECKPOINT_INVALID', `The run's checkpoint cannot be used: ${why}.`);
  if (buf.length < MAGIC.length + 4 + DIGEST_BYTES || buf.toString('latin1', 0, 8) !== MAGIC)
    throw invalid('it is not an MTL Studio checkpoint of this version');
  const body = buf.length - DIGEST_BYTES;
  const digest = createHash('sha256').update(buf.subarray(0, body)).digest();
  if (!digest.equals(buf.subarray(body))) throw invalid('it is damaged (its checksum fails)');
  const jsonLength = buf.readUInt32LE(MAGIC.length);
  const headerEnd = align4(MAGIC.length + 4 + jsonLength);
  if (headerEnd > body) throw invalid('its header is cut short');
  const json = buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength);
  // Array lengths, then their bytes.
  if (headerEnd + 4 > body) throw invalid('its arrays are cut short');
  const count = buf.readUInt32LE(headerEnd);
  let at = headerEnd + 4;
  if (at + 4 * count > body) throw invalid('its arrays are cut short');
  const lengths = Array.from({ length: count }, (_, i) => buf.readUInt32LE(at + 4 * i));
  at += 4 * count;
  const arrays = lengths.map((n) => {
    if (at + 4 * n > body) throw invalid('its arrays are cut short');
    // Copied into buffers of their own (aligned, independent of the stored bytes).
    const copy = new Uint8Array(buf.subarray(at, at + 4 * n));
    at += 4 * n;
    return copy.buffer;
  });
  let parsed: TrainingCheckpoint;
  try {
    parsed = JSON.parse(json, (_key, value: unknown) => {
      if (value && typeof value === 'object') {
        if ('$number' in value) return Number((value as { $number: string }).$number);
        if ('$array' in value) {
          const ref = value as ArrayRef;
          const buffer = arrays[ref.$array];
          if (!buffer) throw new Error(`array ${ref.$array} is missing`);
          return ref.type === 'f32' ? new Float32Array(buffer) : new Int32Array(buffer);
        }
      }
      return value;
    }) as TrainingCheckpoint;
  } catch (err) {
    throw invalid(`its header cannot be read (${(err as Error).message})`);
  }
  if (parsed.format !== 1) throw invalid(`format ${String(parsed.format)} is unknown`);
  return parsed;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * A fingerprint of what a job trains on: any change of rows, splits, labels, fitted
 * preprocessing or configuration gives another one, and a checkpoint is refused.
 * @param parts JSON-serialisable values and typed arrays, hashed in order.
 * @returns hex SHA-256.
 */
export function jobFingerprint(parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (ArrayBuffer.isView(part))
      hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    else hash.update(JSON.stringify(part) ?? 'undefined');
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

/**
 * The time rule: whatever epochs the policy counts, a checkpoint is due after an epoch that
 * ends this many seconds or more after the last checkpoint (or the start), so a run of slow
 * epochs checkpointed every N epochs (`--checkpoint-every 50`, a minute an epoch) loses at
 * most about this much plus the epoch under way, not N epochs. Never sooner than the policy's
 * own `minSeconds` allows (see {@link checkpointDue}). Checkpoints come only between epochs:
 * one epoch longer than this is lost whole.
 */
export const CHECKPOINT_TIME_RULE_SECONDS = 30;

/**
 * Whether a checkpoint is due after `epoch`: when the policy's two rules hold (`everyEpochs`
 * epochs and `minSeconds` seconds since the last one), or by the time rule, when at least
 * max({@link CHECKPOINT_TIME_RULE_SECONDS}, `minSeconds`) seconds have passed since the last
 * one and an epoch has ended since. E.g. every 4 epochs, 2 s apart: after epoch 7 with the
 * last at 4, not due at 29 s, due at 30 s; every epoch, 60 s apart: due at 60 s, not at 30 s.
 * @param lastEpoch the epoch of the last checkpoint (0: none); @param secondsSince since
 *   the last checkpoint (or the start of training).
 */
export function checkpointDue(
  policy: CheckpointPolicy,
  epoch: number,
  lastEpoch: number,
  secondsSince: number,
): boolean {
  if (epoch - lastEpoch >= policy.everyEpochs && secondsSince >= policy.minSeconds) return true;
  return (
    epoch > lastEpoch && secondsSince >= Math.max(CHECKPOINT_TIME_RULE_SECONDS, policy.minSeconds)
  );
}
