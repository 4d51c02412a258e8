/**
 * What the Train form is built from: the engine's registries (architectures, loss
 * weightings) and the training configuration's schema, so a method or a field added to
 * the engine appears in the UI without UI changes.
 */
import { z } from 'zod';
import type { EngineOptions, MethodOption } from '../../shared/contract';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/domain';
import { trainConfigSchema } from '../../shared/schemas';
import { ARCHITECTURES } from '../engine/architectures';
import { WEIGHTINGS } from '../engine/weighting';

/** Name, description and reference of a registry entry. */
function option(entry: { name: string; description: string; reference: string }): MethodOption {
  return { name: entry.name, description: entry.description, reference: entry.reference };
}

/**
 * The engine's options: architectures (ARCHITECTURES) and loss weightings (WEIGHTINGS) in
 * registry order, the default configuration, and the JSON Schema of the configuration
 * (types, enums, ranges per field).
 */
export function engineOptions(): EngineOptions {
  return {
    architectures: Object.values(ARCHITECTURES).map(option),
    weightings: Object.values(WEIGHTINGS).map(option),
    defaults: { ...DEFAULT_TRAIN_CONFIG },
    configSchema: z.toJSONSchema(trainConfigSchema, { unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  };
}
