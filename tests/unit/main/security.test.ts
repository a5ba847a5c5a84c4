import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  denyPermissions,
  hardenWebContents,
  isAllowedExternalUrl,
} from '../../../electron/main/security';
import { fakeSession, FakeWebContents, recorded } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const origins = ['app://pullkey'];

function navigate(contents: FakeWebContents, event: string, url: string) {
  const navigation = {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
  contents.emit(event, navigation, url);
  return navigation.defaultPrevented;
}

describe('web contents hardening', () => {
  beforeEach(() => recorded.reset());

  it('prevents navigation and redirects away from the renderer origin', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, origins);
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'http://localhost:5173/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'app://pullkey/index.html#/deploy')).toBe(false);
  });

  it('denies every new window and opens only allowlisted https links outside', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, origins);
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://kubernetes.io/' })).toEqual({ action: 'deny' });
    expect(recorded.openedExternal).toEqual(['https://kubernetes.io/docs/']);
  });

  it('refuses webviews', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, origins);
    expect(navigate(contents, 'will-attach-webview', '')).toBe(true);
  });

  it('denies permission requests and checks', () => {
    const session = fakeSession();
    denyPermissions(session as never);
    const callback = vi.fn();
    session.permissionRequestHandler!(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler!(null, 'notifications')).toBe(false);
    expect(session.deviceHandler!({})).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://kubernetes.io/docs/concepts/', true],
    ['https://docs.docker.com/reference/', true],
    ['https://sub.github.com/x', true],
    ['https://github.com.evil.example/', false],
    ['https://user:pw@kubernetes.io/', false],
    ['http://kubernetes.io/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('renderer origin checks', () => {
  it('recognise app://pullkey even though Node reports origin "null" for custom schemes', async () => {
    const { isRendererUrl, urlOrigin } = await import('../../../electron/main/origin');
    expect(new URL('app://pullkey/index.html').origin).toBe('null');
    expect(urlOrigin('app://pullkey/index.html#/x')).toBe('app://pullkey');
    expect(isRendererUrl('app://pullkey/index.html', ['app://pullkey'])).toBe(true);
    expect(isRendererUrl('app://pullkey.evil/index.html', ['app://pullkey'])).toBe(false);
    expect(isRendererUrl('file:///index.html', ['app://pullkey'])).toBe(false);
  });
});
