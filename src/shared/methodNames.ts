/**
 * Display names of the architectures and loss weightings, in English and Simplified
 * Chinese: one table for the renderer's Train form (i18n/training.ts) and the main process's
 * report (export/reportText.ts), so both name a method the same way. The single-task
 * baseline's "(baseline)" suffix is the form's own addition.
 */
/** Keys: the architecture and loss-weighting identifiers of TrainConfig. */
export type MethodKey =
  | 'single-task'
  | 'hard-sharing'
  | 'mmoe'
  | 'ple'
  | 'cross-stitch'
  | 'equal'
  | 'static'
  | 'uncertainty'
  | 'dwa'
  | 'gradnorm'
  | 'pcgrad';

/** Names per language. */
export const METHOD_NAMES: Record<'en' | 'zh-CN', Record<MethodKey, string>> = {
  en: {
    'single-task': 'Single-task',
    'hard-sharing': 'Hard parameter sharing',
    mmoe: 'MMoE',
    ple: 'PLE',
    'cross-stitch': 'Cross-stitch',
    equal: 'Equal',
    static: 'Static',
    uncertainty: 'Uncertainty',
    dwa: 'DWA',
    gradnorm: 'GradNorm',
    pcgrad: 'PCGrad',
  },
  'zh-CN': {
    'single-task': '单任务',
    'hard-sharing': '硬参数共享',
    mmoe: 'MMoE',
    ple: 'PLE',
    'cross-stitch': '十字绣网络',
    equal: '等权',
    static: '静态权重',
    uncertainty: '不确定性加权',
    dwa: 'DWA',
    gradnorm: 'GradNorm',
    pcgrad: 'PCGrad',
  },
};

/** The loss-weighting / gradient methods of TrainConfig.weighting. */
export type WeightingKey = 'equal' | 'static' | 'uncertainty' | 'dwa' | 'gradnorm' | 'pcgrad';

/**
 * What each weighting does, in a few words, for sentences about a run ("… at every epoch
 * (equal weighting)"): PCGrad is a gradient method (Yu et al., NeurIPS 2020: it projects
 * conflicting task gradients and weighs every loss 1), GradNorm learns weights from gradient
 * norms (Chen et al., ICML 2018), so neither is "equal weighting" even when its recorded
 * loss weights are all equal.
 */
export const WEIGHTING_KINDS: Record<'en' | 'zh-CN', Record<WeightingKey, string>> = {
  en: {
    equal: 'equal weighting',
    static: 'static weights',
    uncertainty: 'uncertainty weighting',
    dwa: 'dynamic weight averaging',
    gradnorm: 'GradNorm, gradient normalisation',
    pcgrad: 'PCGrad (gradient surgery)',
  },
  'zh-CN': {
    equal: '等权',
    static: '静态权重',
    uncertainty: '不确定性加权',
    dwa: '动态权重平均',
    gradnorm: 'GradNorm，梯度归一化',
    pcgrad: 'PCGrad（梯度手术）',
  },
};
