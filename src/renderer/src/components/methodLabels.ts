/**
 * Names of the engine's methods in the UI language: an architecture, a loss weighting or
 * another engine value, and a run's method as "MMoE · Uncertainty".
 */
import type { TrainConfig } from '../../../shared/domain';
import { i18n } from '../i18n';

/** The translation of an engine value (architecture, weighting, backend, …), else the value. */
export function valueLabel(value: string): string {
  const key = `train.values.${value}`;
  return i18n.global.te(key) ? i18n.global.t(key) : value;
}

/**
 * A run's architecture with its loss weighting, e.g. "MMoE · Uncertainty", so runs of one
 * architecture under different weightings can be told apart; single-task runs show the
 * architecture only (their tasks share nothing to weigh). A CNN trunk is named at the end
 * ("… · CNN (images)").
 */
export function methodLabel(
  config: Pick<TrainConfig, 'arch' | 'weighting'> & Partial<Pick<TrainConfig, 'trunk'>>,
): string {
  const arch = valueLabel(config.arch);
  // Runs stored before loss weightings (or trunks) existed have none.
  const method =
    config.arch === 'single-task' || !config.weighting
      ? arch
      : `${arch} · ${valueLabel(config.weighting)}`;
  return config.trunk === 'cnn' ? `${method} · ${valueLabel('cnn')}` : method;
}

/**
 * A run as a model to choose (the Label view's model picker), e.g. "#2 · MMoE · Equal":
 * its id and {@link methodLabel}, in the UI language.
 */
export function runModelLabel(run: {
  id: number;
  config: Pick<TrainConfig, 'arch' | 'weighting'> & Partial<Pick<TrainConfig, 'trunk'>>;
}): string {
  return `#${run.id} · ${methodLabel(run.config)}`;
}
