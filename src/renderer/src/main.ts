import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { followLocaleOfOtherTabs, i18n } from './i18n';
import { claimTabOrigin } from './tabOrigin';
import './styles.css';

// The language chosen in another tab is this one's too.
followLocaleOfOtherTabs();

// A duplicated tab takes its own label origin before its first label request (tabOrigin.ts).
void claimTabOrigin()
  .catch(() => undefined)
  .then(() => createApp(App).use(createPinia()).use(i18n).mount('#app'));
