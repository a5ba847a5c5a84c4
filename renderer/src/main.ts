import Aura from '@primeuix/themes/aura';
import { createPinia } from 'pinia';
import 'primeicons/primeicons.css';
import PrimeVue from 'primevue/config';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppRouter } from './router';
import './styles.css';

createApp(App)
  .use(createPinia())
  .use(createAppRouter())
  .use(PrimeVue, { theme: { preset: Aura, options: { darkModeSelector: 'system' } } })
  .use(ToastService)
  .directive('tooltip', Tooltip)
  .mount('#app');
