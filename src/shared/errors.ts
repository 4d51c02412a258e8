/**
 * Error codes that cross process boundaries (IPC, WebSocket, CLI exit messages).
 * Nothing here imports Node or Electron.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CSV_PARSE'
  | 'CSV_ENCODING'
  | 'IMPORT_CANCELLED'
  | 'IMAGE_DECODE'
  | 'TASK_INVALID'
  | 'SPLIT_INVALID'
  | 'TRAINING_FAILED'
  | 'TRAINING_CANCELLED'
  | 'TRAINING_INTERRUPTED'
  | 'BACKEND_UNAVAILABLE'
  /** A run's checkpoint is missing, damaged or belongs to other data: resume refused (restart works). */
  | 'CHECKPOINT_INVALID'
  | 'STORE'
  /** The disk holding the project is full (SQLITE_FULL, or an I/O error with almost no space left). */
  | 'DISK_FULL'
  /** Another program holds the project's write lock longer than the studio waits (SQLITE_BUSY). */
  | 'PROJECT_BUSY'
  /** The project file is damaged (quick_check, SQLITE_CORRUPT); it is opened read-only. */
  | 'PROJECT_CORRUPT'
  | 'MIGRATION'
  | 'EXPORT_FAILED'
  | 'INTERNAL';

/** Plain, serialisable form of an error, as sent to the renderer. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Optional location or field details, e.g. { file, line, column }. */
  details?: Record<string, unknown>;
}

/**
 * An error the user can act on. `message` says what is wrong and where
 * (file, line, column, value); `code` lets callers branch without parsing text.
 */
export class MtlError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'MtlError';
    this.code = code;
    this.details = details;
  }

  /** Serialisable form for transports. */
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Convert anything thrown into an ErrorPayload (unknown errors become INTERNAL). */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof MtlError) return err.toPayload();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
