import { call } from '../api';
import { useNotificationsStore } from '../stores/notifications';

/**
 * Copies text through the main process (`clipboard:write`): the renderer has no clipboard
 * permission. Confirms (or reports the failure) in a toast.
 */
export function useClipboard() {
  const notifications = useNotificationsStore();
  return async function copy(text: string, what: string) {
    try {
      await call('clipboard:write', { text });
      notifications.push({
        severity: 'success',
        summary: 'Copied',
        detail: `${what} copied to the clipboard`,
      });
    } catch (error) {
      notifications.reportError(error, `Copying ${what}`);
    }
  };
}
