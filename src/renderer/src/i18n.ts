/** UI strings in English and Simplified Chinese (vue-i18n). */
import { createI18n } from 'vue-i18n';

export const messages = {
  en: {
    app: { title: 'MTL Studio', tagline: 'Multi-task classification, one shared model.' },
  },
  'zh-CN': {
    app: { title: 'MTL Studio', tagline: '多任务分类，一个共享模型。' },
  },
};

export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages });
