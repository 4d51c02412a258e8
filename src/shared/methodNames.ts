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
