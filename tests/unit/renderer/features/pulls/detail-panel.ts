/** The Pull detail drawer as its tests mount it, and the failing workload its details start from. */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import { routerKey } from 'vue-router';
import type { PullDetail, PullFailure } from '@core/api/contract';
import PullDetailPanel from '@renderer/features/pulls/components/PullDetailPanel.vue';
import { DrawerStub } from '../../drawer-stub';

/** Deployment `web` in namespace sandbox on context alpha. */
export const sandboxWeb = {
  context: 'alpha',
  namespace: 'sandbox',
  kind: 'Deployment' as const,
  name: 'web',
};

/** `web` failing to pull `image` (ErrImagePull in its one container, app, of pod web-1). */
export function failingWeb(image: string, diagnosis: PullFailure['diagnosis']): PullFailure {
  return {
    ...sandboxWeb,
    id: 'alpha/sandbox/Deployment/web',
    containers: [{ name: 'app', init: false, image, reason: 'ErrImagePull', message: 'm' }],
    since: null,
    pods: ['web-1'],
    diagnosis,
  };
}

/** Mounts the open drawer on `detail` with a fresh store (set `window.pullkey` first). */
export function mountDetailPanel(detail: PullDetail, attachTo?: HTMLElement) {
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(PullDetailPanel, {
    ...(attachTo ? { attachTo } : {}),
    props: { detail, visible: true },
    global: {
      plugins: [PrimeVue, pinia],
      stubs: { Drawer: DrawerStub },
      provide: { [routerKey as symbol]: { push: () => undefined } },
    },
  });
}
