/**
 * A training configuration written back as the options of `mtl-studio train` (flag names and
 * value forms of src/main/cli/commands/training.ts, read there by trainOptions.ts
 * trainConfigOf), for the commands the CLI and the studio suggest, e.g. the one that trains
 * a fold run's configuration on the whole split (foldRun.ts). A test parses the flags back
 * with the CLI's own parser (test/cli/trainFlags.test.ts).
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './trainConfig';

/**
 * The flag of each configuration field that one flag sets as it is. The fields left out
 * take rules of their own in {@link trainFlags} (arch, weighting and taskWeights; the
 * patience pair; patienceScaledFrom, which no request carries). `satisfies` makes a new
 * field of TrainConfig a type error here until it is given its flag or its rule.
 */
const FIELD_FLAGS = {
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--lr',
  seed: '--seed',
  earlyStopping: '--early-stopping',
  lrSchedule: '--lr-schedule',
  weightDecay: '--weight-decay',
  classWeights: '--class-weights',
  hiddenUnits: '--hidden',
  headUnits: '--head-units',
  dropout: '--dropout',
  numExperts: '--experts',
  expertUnits: '--expert-units',
  numLevels: '--levels',
  specificExperts: '--specific-experts',
  trunk: '--trunk',
  convFilters: '--conv-filters',
  convKernel: '--conv-kernel',
  augmentFlip: '--augment-flip',
  augmentShift: '--augment-shift',
  augmentBrightness: '--augment-brightness',
  backend: '--backend',
} as const satisfies Record<
  Exclude<
    keyof TrainConfig,
    'arch' | 'weighting' | 'taskWeights' | 'patience' | 'patienceSteps' | 'patienceScaledFrom'
  >,
  string
>;

/** A field's value as its flag takes it: a number as JavaScript writes it, a list comma-separated. */
function flagValue(value: string | number | readonly number[]): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * A configuration {@link trainFlags} writes: a run's (a fixed architecture and its weighting),
 * or an Auto search's base (`--arch auto`, as an Auto request's `base` or a cross-validation's
 * Auto method holds it: the search draws the architecture, the weighting may be absent).
 */
export type TrainFlagsConfig = Omit<Partial<TrainConfig>, 'arch'> &
  (Pick<TrainConfig, 'arch' | 'weighting'> | { arch: 'auto' });

/**
 * The fields whose flag `train` refuses with `config`'s other options, having no effect there
 * (src/main/cli/commands/trainOptions.ts inapplicableOptionError): written, they would make
 * the suggested command fail. Experts need MMoE or PLE (not Auto: its search draws them),
 * levels and task-specific experts PLE or Auto (the search's PLE trials take them), conv
 * options a CNN trunk, the patience steps a patience above 0.
 */
function inapplicableFields(config: TrainFlagsConfig): Set<keyof TrainConfig> {
  const out = new Set<keyof TrainConfig>();
  if (config.arch !== 'mmoe' && config.arch !== 'ple') {
    out.add('numExperts');
    out.add('expertUnits');
  }
  if (config.arch !== 'ple' && config.arch !== 'auto') {
    out.add('numLevels');
    out.add('specificExperts');
  }
  if (config.trunk === 'mlp') {
    out.add('convFilters');
    out.add('convKernel');
  }
  return out;
}

/**
 * The words of `train`'s options that give `config` (unquoted; quote them with shellWord):
 * `--arch` always and `--weighting` unless the architecture is single-task (whose tasks
 * share nothing: `train` refuses a weighting there, and trains it with equal weighting),
 * then each other option only where the configuration differs from DEFAULT_TRAIN_CONFIG
 * and has an effect with the others (`train` refuses one that has none: task weights
 * without static weighting, experts outside MMoE and PLE, levels outside PLE and Auto,
 * patience steps with patience 0), e.g. `['--arch', 'mmoe',
 * '--weighting', 'static', '--task-weight', 'species=2', '--epochs', '50', '--hidden', '32,16']`.
 *
 * The patience is the one given, not the one a stored run was raised to for its rows
 * (`patienceScaledFrom.patience` when set: the training scales it again for its own rows).
 * `--patience` alone means `--patience-steps 0` to `train`, so with a patience other than
 * the default `--patience-steps` is written unless it is 0, and with the default patience
 * unless it is the default (400).
 *
 * A field absent from `config` (a run stored before the field existed) is left out: the
 * training then takes its default, as that run did. The trunk is written only when it is
 * 'cnn' (the dataset decides it anyway: 'mlp' is refused for images, 'cnn' for tables).
 * With `arch: 'auto'` (an Auto search's base) `--weighting` is written only when the base
 * holds one, and `--levels` / `--specific-experts` are kept (the search's PLE trials take
 * them), e.g. `['--arch', 'auto', '--epochs', '20', '--levels', '2']`.
 * @param config a run's stored configuration (RunInfo.config), one as a request gives it, or
 *   an Auto search's base with `arch: 'auto'`.
 */
export function trainFlags(config: TrainFlagsConfig): string[] {
  const D = DEFAULT_TRAIN_CONFIG;
  const independent = config.arch === 'single-task';
  const words = ['--arch', config.arch];
  if (!independent && config.weighting !== undefined) words.push('--weighting', config.weighting);
  if (config.weighting === 'static' && !independent)
    for (const [task, weight] of Object.entries(config.taskWeights ?? {}))
      words.push('--task-weight', `${task}=${weight}`);
  const patience = config.patienceScaledFrom?.patience ?? config.patience ?? D.patience;
  const patienceSteps = config.patienceSteps ?? D.patienceSteps;
  if (patience !== D.patience) {
    words.push('--patience', String(patience));
    if (patienceSteps !== 0 && patience !== 0)
      words.push('--patience-steps', String(patienceSteps));
  } else if (patienceSteps !== D.patienceSteps) {
    words.push('--patience-steps', String(patienceSteps));
  }
  const inapplicable = inapplicableFields(config);
  for (const [field, flag] of Object.entries(FIELD_FLAGS) as [keyof typeof FIELD_FLAGS, string][]) {
    const value = config[field];
    if (value === undefined || inapplicable.has(field)) continue;
    const text = flagValue(value);
    if (text !== flagValue(D[field])) words.push(flag, text);
  }
  return words;
}
