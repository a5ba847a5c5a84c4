import { useNotificationsStore } from '../stores/notifications';

/** Copies text, confirming (or reporting the failure) in a toast. */
export function useClipboard() {
  const notifications = useNotificationsStore();
  return async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
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
