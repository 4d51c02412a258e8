/**
 * Training rows resident in the fused kernel's memory: the whole in-memory feature matrix
 * and label columns, copied in once per run, the epoch's row order, and mini-batches
 * gathered from them by the kernel (rows.as.ts gatherBatch) straight into its input and
 * label blocks — no batch is assembled in JavaScript.
 */
import type { KernelExports, WasmMemory } from './wasmModule';

/** Largest resident block (features, labels, order) a trainer asks for: 512 MiB. */
export const RESIDENT_MAX_BYTES = 512 * 1024 * 1024;

/** Bytes the resident block of `rows` rows of `inputDim` values and `tasks` label columns takes. */
export function residentBytes(rows: number, inputDim: number, tasks: number): number {
  return 4 * (rows * inputDim + (tasks + 1) * rows + 2 * tasks) + 16 * (tasks + 4);
}

/** The resident block of one kernel (byte offsets into its memory). */
export class ResidentRows {
  /** Rows of the matrix (all rows, not only the training split). */
  readonly rows: number;
  private readonly inputDim: number;
  private readonly inputPad: number;
  private readonly tasks: number;
  private readonly features: number;
  private readonly labels: number[];
  private readonly order: number;
  private readonly labelTable: number;
  private readonly batchTable: number;
  /** Length of the order last set. */
  private orderLength = 0;
  /** The matrix last loaded (identity only: validation rows from the same matrix are gathered here). */
  private source: Float32Array | null = null;
  private ops: KernelExports | null = null;
  private memory: WasmMemory | null = null;

  /**
   * Allocates the block with `alloc` (floats → byte offset).
   * @param shape rows, values per row, the kernel's input row stride (floats) and tasks;
   * @param batch the kernel's input block and per-task batch label blocks (byte offsets)
   *   and how many rows they hold.
   */
  constructor(
    shape: { rows: number; inputDim: number; inputPad: number; tasks: number },
    private readonly batch: { x: number; labels: number[]; maxBatch: number },
    alloc: (floats: number) => number,
  ) {
    ({
      rows: this.rows,
      inputDim: this.inputDim,
      inputPad: this.inputPad,
      tasks: this.tasks,
    } = shape);
    this.features = alloc(this.rows * this.inputDim);
    this.labels = Array.from({ length: this.tasks }, () => alloc(this.rows));
    this.order = alloc(this.rows);
    this.labelTable = alloc(this.tasks);
    this.batchTable = alloc(this.tasks);
  }

  /** Attaches the kernel's instance and writes the pointer tables. */
  bind(ops: KernelExports, memory: WasmMemory): void {
    this.ops = ops;
    this.memory = memory;
    const i32 = new Int32Array(memory.buffer);
    i32.set(this.labels, this.labelTable >> 2);
    i32.set(this.batch.labels, this.batchTable >> 2);
  }

  /**
   * Copies the rows in.
   * @param features row-major [rows, inputDim]; @param labels per task [rows], −1 = missing.
   * @throws Error when the sizes differ from the block's.
   */
  load(features: Float32Array, labels: Int32Array[]): void {
    if (features.length !== this.rows * this.inputDim || labels.length !== this.tasks)
      throw new Error(
        `Resident rows of ${this.rows} × ${this.inputDim} values and ${this.tasks} tasks, given ${features.length} values and ${labels.length} tasks.`,
      );
    const buffer = this.memory!.buffer;
    new Float32Array(buffer, this.features, features.length).set(features);
    this.source = features;
    labels.forEach((y, t) => {
      if (y.length !== this.rows)
        throw new Error(`Task ${t} has ${y.length} labels for ${this.rows} resident rows.`);
      new Int32Array(buffer, this.labels[t], this.rows).set(y);
    });
  }

  /** Whether `features` is the matrix these rows were loaded from. */
  holds(features: unknown): boolean {
    return features === this.source;
  }

  /**
   * Sets the order batches are gathered in (the epoch's permutation of the training rows).
   * @param order row indices (< rows), at most `rows` of them.
   * @throws Error when it is longer than the block.
   */
  setOrder(order: Int32Array): void {
    if (order.length > this.rows)
      throw new Error(`An order of ${order.length} rows for ${this.rows} resident rows.`);
    new Int32Array(this.memory!.buffer, this.order, order.length).set(order);
    this.orderLength = order.length;
  }

  /**
   * Gathers order[start … start + size) into the kernel's input block (padding zeroed) and
   * batch label blocks.
   * @throws Error when size exceeds the kernel's batch or the range leaves the order.
   */
  gather(start: number, size: number): void {
    if (size > this.batch.maxBatch)
      throw new Error(`Batch of ${size} rows > ${this.batch.maxBatch}.`);
    if (start < 0 || size < 0 || start + size > this.orderLength)
      throw new Error(`Rows ${start}…${start + size} of an order of ${this.orderLength}.`);
    this.ops!.gatherBatch(
      this.features,
      this.inputDim,
      this.inputPad,
      this.order,
      start,
      size,
      this.batch.x,
      this.labelTable,
      this.batchTable,
      this.tasks,
    );
  }
}
