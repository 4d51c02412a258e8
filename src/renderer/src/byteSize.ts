/**
 * Byte counts as people read them in the image import wizard (preview summary, progress).
 */

/**
 * A byte count for people: "23.4 KB" below 1 MB (1e6 bytes, decimal units), else "1.5 MB",
 * one decimal. The units read the same in every locale the studio has (en, zh-CN).
 * @param bytes a count of bytes, >= 0
 */
export function byteSizeText(bytes: number): string {
  // 999 950 B and up would round to "1000.0 KB": shown as MB instead.
  return bytes < 999_950 ? `${(bytes / 1e3).toFixed(1)} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
