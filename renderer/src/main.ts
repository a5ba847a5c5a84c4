import { createPinia } from 'pinia';
import 'primeicons/primeicons.css';
import PrimeVue from 'primevue/config';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppRouter } from './router';
import { theme } from './theme';
import './styles.css';

createApp(App)
  .use(createPinia())
  .use(createAppRouter())
  .use(PrimeVue, { theme: { preset: theme, options: { darkModeSelector: 'system' } } })
  .use(ToastService)
  .directive('tooltip', Tooltip)
  .mount('#app');
