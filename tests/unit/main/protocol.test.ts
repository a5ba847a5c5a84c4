import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveRendererFile, serveRenderer } from '../../../electron/main/protocol';
import { recorded } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('app:// protocol', () => {
  it('maps URLs inside the renderer folder only', () => {
    expect(resolveRendererFile('app://pullkey/', '/r')).toBe('/r/index.html');
    expect(resolveRendererFile('app://pullkey/assets/a.js', '/r')).toBe('/r/assets/a.js');
    expect(resolveRendererFile('app://pullkey/..%2f..%2fetc/passwd', '/r')).toBeNull();
    expect(resolveRendererFile('app://pullkey/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe(
      '/r/etc/passwd',
    );
    expect(resolveRendererFile('app://other/index.html', '/r')).toBeNull();
  });

  it('serves files with a strict CSP and 404s the rest', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-renderer-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<html></html>');
    await writeFile(path.join(dir, 'assets/app.js'), 'console.log(1)');
    serveRenderer(dir);
    const handler = recorded.protocolHandlers.get('app')!;

    const page = await handler(new Request('app://pullkey/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/https?:/);

    const script = await handler(new Request('app://pullkey/assets/app.js'));
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await handler(new Request('app://pullkey/missing.js'))).status).toBe(404);
  });

  it('answers a malformed percent-escape with 400, not a thrown error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pk-renderer-'));
    serveRenderer(dir);
    const handler = recorded.protocolHandlers.get('app')!;
    for (const url of [
      'app://pullkey/%E0%A4%A.js',
      'app://pullkey/assets/%zz',
      'app://pullkey/%',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(400);
    }
    expect(() => resolveRendererFile('app://pullkey/%E0%A4%A.js', dir)).toThrow(URIError);
  });
});
