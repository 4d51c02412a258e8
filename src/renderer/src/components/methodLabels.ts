/**
 * Names of the engine's methods in the UI language: an architecture, a loss weighting or
 * another engine value, a run's method as "MMoE · Uncertainty", and the backend it ran on.
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { BackendDetails, RunInfo, TrainConfig } from '../../../shared/domain';
import { wordBackend } from '../../../shared/backendText';
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
 * A network's hidden layer widths as the UI shows them, e.g. "64, 32"; none (each head reads
 * the inputs: a linear model, Auto's logistic-regression candidate) as "none (linear)".
 */
export function hiddenLabel(units: readonly number[]): string {
  return units.length > 0 ? units.join(', ') : i18n.global.t('train.hiddenNone');
}

/**
 * A configuration's network as Auto's trial tables show it: an MLP trunk by its hidden
 * widths ({@link hiddenLabel}); a CNN trunk by its conv blocks' filters and kernel, then the
 * dense layers after them (what `hiddenUnits` holds there, and what Auto draws on images),
 * e.g. "Conv 16/32/64 (3×3) → dense 64, 32". Configurations stored before trunks are MLPs.
 */
export function networkLabel(
  config: Pick<TrainConfig, 'hiddenUnits' | 'convFilters' | 'convKernel'> &
    Partial<Pick<TrainConfig, 'trunk'>>,
): string {
  if (config.trunk !== 'cnn') return hiddenLabel(config.hiddenUnits);
  return i18n.global.t('train.cnnNetwork', {
    filters: config.convFilters.join('/'),
    kernel: config.convKernel,
    dense:
      config.hiddenUnits.length > 0
        ? config.hiddenUnits.join(', ')
        : i18n.global.t('train.cnnDenseNone'),
  });
}

/**
 * The header of the network column of Auto's trial tables: "CNN trunk → dense layers" when
 * the configurations have a CNN trunk (images), else the hidden layers' field name.
 */
export function networkHeader(configs: readonly Partial<Pick<TrainConfig, 'trunk'>>[]): string {
  return i18n.global.t(
    configs.some((c) => c.trunk === 'cnn') ? 'train.cnnNetworkHeader' : 'train.fields.hiddenUnits',
  );
}

/** What {@link runMethodLabel} reads of a run. */
export type RunMethodFields = {
  config: Pick<TrainConfig, 'arch' | 'weighting'> & Partial<Pick<TrainConfig, 'trunk'>>;
} & Partial<Pick<RunInfo, 'auto' | 'status'>>;

/**
 * A run's method in the UI language: {@link methodLabel} of its configuration; for an Auto
 * run "Auto → MMoE · Equal" once its search chose ("Auto → Single-task": not a baseline), and "Auto (cancelled)" for one that
 * ended (or is still searching) before — its stored configuration is then only the base it
 * started from, which would read as a plain run of that method.
 * @param shown the status as the page shows it (default the stored one): 'paused' for a
 *   running run that is paused, so a paused Auto run reads "Auto (paused)", as its badge.
 */
export function runMethodLabel(
  run: RunMethodFields,
  shown: RunInfo['status'] | 'paused' | undefined = run.status,
): string {
  const { t } = i18n.global;
  if (!run.auto) return methodLabel(run.config);
  if (shown === undefined || shown === 'completed')
    return t('train.autoRunChosen', {
      // An Auto run that chose single-task is tuned, not Δm's baseline (services/evaluation.ts
      // findBaseline): "Auto → Single-task", without the plain run's "(baseline)".
      method:
        run.config.arch === 'single-task'
          ? [
              t('train.autoSingleTask'),
              ...(run.config.trunk === 'cnn' ? [valueLabel('cnn')] : []),
            ].join(' · ')
          : methodLabel(run.config),
    });
  return t('train.autoRunUnfinished', { status: t(`status.${shown}`) });
}

/**
 * A run as a model to choose (the Label view's model picker), e.g. "#2 · MMoE · Equal":
 * its id and {@link runMethodLabel}, in the UI language.
 */
export function runModelLabel(run: { id: number } & RunMethodFields): string {
  return `#${run.id} · ${runMethodLabel(run)}`;
}

/**
 * The backend details in the UI language, e.g. "wasm（WebAssembly SIMD，单线程） · tfjs-core
 * 4.22.0 · 融合内核" in zh-CN (the words: shared/backendText.ts's BACKEND_WORDS).
 */
export function backendText(d: BackendDetails): string {
  return wordBackend(d, (key, named) => i18n.global.t(`train.backendText.${key}`, named ?? {}));
}

/**
 * The backend a run trained on, in the UI language when the server sent its parts
 * (RunInfo.backendDetails), else the engine's text as it is; null before it is known.
 */
export function backendLabel(run: Pick<RunInfo, 'backend' | 'backendDetails'>): string | null {
  return run.backendDetails ? backendText(run.backendDetails) : run.backend;
}

/**
 * A method's one-line description followed by its reference, in the UI language, e.g.
 * "共享专家，… — Ma 等，KDD 2018（MMoE）" for `mmoe` in zh-CN. Both come from the messages
 * (`train.methods.<name>`, `train.references.<name>`); a method the messages do not know
 * (added to a registry later) shows the registry's English text. Null when there is
 * neither.
 */
export function methodDescription(
  name: string,
  registry?: { description: string; reference: string },
): string | null {
  const { t, te } = i18n.global;
  const text = (key: string, fallback: string | undefined): string =>
    te(key) || te(key, 'en') ? t(key) : (fallback ?? '');
  const description = text(`train.methods.${name}`, registry?.description);
  if (!description) return null;
  const reference = text(`train.references.${name}`, registry?.reference);
  return reference ? `${description} — ${reference}` : description;
}

/**
 * What a run's detail says of its backend, in the UI language: the backend once known;
 * "starting…" while the run may still get one (queued, or running — a paused run is
 * running); null for a run that ended without one (cancelled or failed before training
 * began), which names none.
 */
export function backendLine(
  run: Pick<RunInfo, 'backend' | 'backendDetails' | 'status'>,
): string | null {
  const known = backendLabel(run);
  if (known === null && run.status !== 'queued' && run.status !== 'running') return null;
  return i18n.global.t('train.backendIs', {
    backend: known ?? i18n.global.t('train.backendPending'),
  });
}
