import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Sidebar label; routes without one are not linked. */
    title?: string;
    /** PrimeIcons class of the sidebar link. */
    icon?: string;
    hidden?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/clusters' },
  {
    path: '/clusters',
    name: 'clusters',
    component: () => import('./features/clusters/ClustersView.vue'),
    meta: { title: 'Clusters', icon: 'pi pi-server' },
  },
  {
    path: '/namespaces',
    name: 'namespaces',
    component: () => import('./features/namespaces/NamespacesView.vue'),
    meta: { title: 'Namespaces', icon: 'pi pi-sitemap' },
  },
  {
    path: '/registries',
    name: 'registries',
    component: () => import('./features/registries/RegistriesView.vue'),
    meta: { title: 'Registries', icon: 'pi pi-key' },
  },
  {
    path: '/deploy',
    name: 'deploy',
    component: () => import('./features/deploy/DeployView.vue'),
    meta: { title: 'Deploy', icon: 'pi pi-send' },
  },
  {
    path: '/pulls',
    name: 'pulls',
    component: () => import('./features/pulls/PullsView.vue'),
    meta: { title: 'Pulls', icon: 'pi pi-exclamation-triangle' },
  },
  {
    path: '/rollout',
    name: 'rollout',
    component: () => import('./features/rollout/RolloutView.vue'),
    meta: { title: 'Rollout', hidden: true },
  },
];

// Hash history: the renderer is served from app:// (and the test bridge) without server rewrites.
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
