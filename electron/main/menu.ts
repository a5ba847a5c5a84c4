import { Menu, type MenuItemConstructorOptions } from 'electron';
import { openExternalSafely } from './security';

export function applicationMenu(platform: NodeJS.Platform, isDev: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(isDev ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Pull an image from a private registry (Kubernetes docs)',
          click: () =>
            openExternalSafely(
              'https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/',
            ),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
