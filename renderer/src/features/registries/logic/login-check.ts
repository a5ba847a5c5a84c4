/** The registry form's check state: Verify's outcome, or why a save failed (with its code). */
import { ref } from 'vue';
import { ApiCallError, messageOf } from '../../../errors';

export interface LoginCheck {
  state: 'idle' | 'checking' | 'ok' | 'error';
  message: string;
  code?: string | undefined;
}

export function useLoginCheck() {
  const check = ref<LoginCheck>({ state: 'idle', message: '' });

  function failed(error: unknown) {
    check.value = {
      state: 'error',
      message: messageOf(error),
      code: error instanceof ApiCallError ? error.code : undefined,
    };
  }

  async function verify(host: string, request: () => Promise<{ auth: string }>) {
    check.value = { state: 'checking', message: 'Checking the login against the registry…' };
    try {
      const result = await request();
      check.value = {
        state: 'ok',
        message: `Login accepted by ${host} (${result.auth === 'none' ? 'no auth needed' : result.auth})`,
      };
    } catch (error) {
      failed(error);
    }
  }

  const reset = () => (check.value = { state: 'idle', message: '' });
  return { check, failed, verify, reset };
}
