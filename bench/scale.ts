/**
 * Scale benchmark (placeholder until streaming training lands).
 */
export interface ScaleResult {
  rows: number;
  source: string;
  chunkRows: number;
  epochs: number;
  samplesPerSecond: number;
  peakRssMiB: number;
  rssNote: string;
  importSeconds: number;
}

export async function runScale(_options: {
  rows: number;
  epochs: number;
  log: (line: string) => void;
}): Promise<ScaleResult | null> {
  return null;
}
