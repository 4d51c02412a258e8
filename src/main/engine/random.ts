/**
 * Seeded pseudo-random numbers for everything the engine randomises in JavaScript
 * (splits, shuffling, weight initialisation), so a run is reproducible from its seed.
 */

/** A seeded stream of floats in [0, 1) whose position can be saved and restored (checkpoints). */
export interface RandomStream {
  (): number;
  /** The generator's 32-bit state: restoring it replays the same floats from here. */
  state(): number;
  /** Moves the stream to a state from {@link state}. */
  restore(state: number): void;
}

/**
 * Mulberry32 generator (Tommy Ettinger, public domain): 32-bit state, period 2^32.
 * Returns a function producing floats uniform in [0, 1), with its state readable and
 * settable (a resumed run continues the same stream).
 * @param seed any integer; only its low 32 bits are used.
 */
export function mulberry32(seed: number): RandomStream {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as RandomStream;
  next.state = () => state;
  next.restore = (saved) => {
    state = saved >>> 0;
  };
  return next;
}

/**
 * In-place Fisher–Yates shuffle driven by `random`.
 * @param items array to permute (mutated and returned).
 * @param random generator of floats in [0, 1), e.g. from {@link mulberry32}.
 */
export function shuffleInPlace<T>(
  items: T[] | Int32Array | Uint32Array,
  random: () => number,
): typeof items {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/**
 * Derives an independent child seed from a parent seed and a label, so that, e.g.,
 * the split and the weight initialisation of one run do not share a stream.
 * @returns a 32-bit unsigned integer.
 */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the seed.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
