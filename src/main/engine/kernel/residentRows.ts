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
  private readonly features: number;
  private readonly labels: number[];
  private readonly order: number;
  private readonly labelTable: number;
  private readonly batchTable: number;
  /** Length of the order last set. */
  private orderLength = 0;
  private ops: KernelExports | null = null;
  private memory: WasmMemory | null = null;

  /**
   * Allocates the block with `alloc` (floats → byte offset).
   * @param rows rows of the matrix (all rows, not only the training split);
   * @param inputDim values per row; @param tasks label columns.
   */
  constructor(
    readonly rows: number,
    private readonly inputDim: number,
    private readonly tasks: number,
    alloc: (floats: number) => number,
  ) {
    this.features = alloc(rows * inputDim);
    this.labels = Array.from({ length: tasks }, () => alloc(rows));
    this.order = alloc(rows);
    this.labelTable = alloc(tasks);
    this.batchTable = alloc(tasks);
  }

  /**
   * Attaches the kernel's instance and writes the pointer tables.
   * @param batchLabels per task, the byte offset of the kernel's batch label block.
   */
  bind(ops: KernelExports, memory: WasmMemory, batchLabels: number[]): void {
    this.ops = ops;
    this.memory = memory;
    const i32 = new Int32Array(memory.buffer);
    i32.set(this.labels, this.labelTable >> 2);
    i32.set(batchLabels, this.batchTable >> 2);
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
    labels.forEach((y, t) => {
      if (y.length !== this.rows)
        throw new Error(`Task ${t} has ${y.length} labels for ${this.rows} resident rows.`);
      new Int32Array(buffer, this.labels[t], this.rows).set(y);
    });
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
   * Gathers order[start … start + size) into the kernel's input block (rows `inputPad`
   * floats apart, padding zeroed) and batch label blocks.
   * @throws Error when the range is not within the order last set.
   */
  gather(start: number, size: number, x: number, inputPad: number): void {
    if (start < 0 || size < 0 || start + size > this.orderLength)
      throw new Error(`Rows ${start}…${start + size} of an order of ${this.orderLength}.`);
    this.ops!.gatherBatch(
      this.features,
      this.inputDim,
      inputPad,
      this.order,
      start,
      size,
      x,
      this.labelTable,
      this.batchTable,
      this.tasks,
    );
  }
}
