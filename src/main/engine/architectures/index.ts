/**
 * Registry of architectures, picked by name from a run's configuration.
 */
import type { ArchitectureName } from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { crossStitchArch } from './crossStitch';
import { hardSharing } from './hardSharing';
import { mmoe } from './mmoe';
import { ple } from './ple';
import { singleTask } from './singleTask';
import type { Architecture } from './types';

/** Every architecture, by name (the order of the CLI help). */
export const ARCHITECTURES: Record<ArchitectureName, Architecture> = {
  'single-task': singleTask,
  'hard-sharing': hardSharing,
  mmoe,
  ple,
  'cross-stitch': crossStitchArch,
};

/**
 * @returns the architecture registered under `name`.
 * @throws MtlError('BAD_REQUEST') naming the unknown architecture and the known ones.
 */
export function getArchitecture(name: string): Architecture {
  const arch = (ARCHITECTURES as Record<string, Architecture | undefined>)[name];
  if (!arch) {
    throw new MtlError(
      'BAD_REQUEST',
      `Unknown architecture "${name}"; known: ${Object.keys(ARCHITECTURES).join(', ')}.`,
    );
  }
  return arch;
}

export type { Architecture, GatedOutput, MultiTaskNetwork, TaskHeadSpec } from './types';
