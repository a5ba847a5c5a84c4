import { describe, expect, it } from 'vitest';
import {
  commandLine,
  execInfo,
  interactivity,
  isFresh,
  lastLines,
  parseExecConfig,
  parseExecCredential,
} from '@core/kube/exec/credential';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const answer = (value: unknown) => JSON.stringify(value);

describe('parseExecConfig', () => {
  it('accepts v1 and v1beta1 stanzas with args, env and the optional fields', () => {
    expect(
      parseExecConfig({
        apiVersion: V1,
        command: 'aws',
        args: ['eks', 'get-token'],
        env: [{ name: 'AWS_PROFILE', value: 'dev' }],
        interactiveMode: 'IfAvailable',
        provideClusterInfo: true,
      }),
    ).toMatchObject({ command: 'aws', args: ['eks', 'get-token'], provideClusterInfo: true });
    expect(parseExecConfig({ apiVersion: V1BETA1, command: 'kubelogin' }).command).toBe(
      'kubelogin',
    );
  });

  it('says what is wrong: no apiVersion, an old apiVersion, no command', () => {
    expect(() => parseExecConfig({ command: 'aws' })).toThrow(/apiVersion is required/);
    expect(() =>
      parseExecConfig({ apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'aws' }),
    ).toThrow(/v1alpha1" is not supported/);
    expect(() => parseExecConfig({ apiVersion: V1 })).toThrow(/command is required/);
  });
});

describe('commandLine', () => {
  it('shows the command as typed, quoting what a shell would need quoted', () => {
    expect(
      commandLine({ command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'a b'] }),
    ).toBe('aws eks get-token --cluster-name "a b"');
    expect(commandLine({ command: '/opt/bin/plugin', args: null })).toBe('/opt/bin/plugin');
  });
});

describe('interactivity (no terminal, as client-go decides it)', () => {
  it('runs Never, IfAvailable and unset (v1beta1 default) non-interactively', () => {
    expect(interactivity({ interactiveMode: 'Never' })).toEqual({ ok: true });
    expect(interactivity({ interactiveMode: 'IfAvailable' })).toEqual({ ok: true });
    expect(interactivity({})).toEqual({ ok: true });
  });

  it('refuses Always at once, saying to log in from a terminal', () => {
    const always = interactivity({ interactiveMode: 'Always' });
    expect(always.ok).toBe(false);
    expect(!always.ok && always.reason).toMatch(/needs a terminal.*log in from a terminal first/);
    expect(interactivity({ interactiveMode: 'Sometimes' })).toEqual({
      ok: false,
      reason: 'unknown interactiveMode "Sometimes"',
    });
  });
});

describe('execInfo (KUBERNETES_EXEC_INFO)', () => {
  it('tells the plugin there is no terminal, in its own apiVersion', () => {
    expect(JSON.parse(execInfo({ apiVersion: V1BETA1 }))).toEqual({
      apiVersion: V1BETA1,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
  });

  it('adds the cluster only when the plugin asks for it', () => {
    const cluster = { server: 'https://k:6443', 'certificate-authority-data': 'Q0E=' };
    expect(JSON.parse(execInfo({ apiVersion: V1 }, cluster)).spec).toEqual({
      interactive: false,
    });
    expect(
      JSON.parse(execInfo({ apiVersion: V1, provideClusterInfo: true }, cluster)).spec,
    ).toEqual({ interactive: false, cluster });
  });
});

describe('parseExecCredential', () => {
  it('reads a v1 token with its expiry', () => {
    const credential = parseExecCredential(
      answer({
        apiVersion: V1,
        kind: 'ExecCredential',
        status: { token: 'abc', expirationTimestamp: '2030-01-02T03:04:05Z' },
      }),
      V1,
    );
    expect(credential).toEqual({
      token: 'abc',
      clientCertificateData: null,
      clientKeyData: null,
      expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5),
    });
  });

  it('reads a v1beta1 client certificate and key, without expiry', () => {
    expect(
      parseExecCredential(
        answer({
          apiVersion: V1BETA1,
          kind: 'ExecCredential',
          status: { clientCertificateData: 'CERT', clientKeyData: 'KEY' },
        }),
        V1BETA1,
      ),
    ).toEqual({
      token: null,
      clientCertificateData: 'CERT',
      clientKeyData: 'KEY',
      expiresAt: null,
    });
  });

  it('rejects what client-go rejects, with its wording', () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { apiVersion: V1BETA1, status: { token: 'x' } },
        /configured to use API version .*v1, plugin returned version .*v1beta1/,
      ],
      [{ apiVersion: V1 }, /didn't return a status field/],
      [{ apiVersion: V1, status: {} }, /didn't return a token or cert\/key pair/],
      [
        { apiVersion: V1, status: { clientCertificateData: 'C' } },
        /only certificate or key, not both/,
      ],
      [{ apiVersion: V1, kind: 'Secret', status: { token: 'x' } }, /kind is "Secret"/],
      [
        { apiVersion: V1, status: { token: 'x', expirationTimestamp: 'soon' } },
        /invalid expirationTimestamp "soon"/,
      ],
    ];
    for (const [value, message] of cases) {
      expect(() => parseExecCredential(answer(value), V1), JSON.stringify(value)).toThrow(message);
    }
    expect(() => parseExecCredential('', V1)).toThrow(/nothing was printed/);
    expect(() => parseExecCredential('Please open https://login…', V1)).toThrow(
      /not an ExecCredential/,
    );
  });
});

describe('isFresh (client-go: used until the clock is past the expiry)', () => {
  it('keeps a credential without expiry, and one up to its expiry, not after', () => {
    expect(isFresh({ expiresAt: null }, Date.now())).toBe(true);
    expect(isFresh({ expiresAt: 1_000 }, 1_000)).toBe(true);
    expect(isFresh({ expiresAt: 1_000 }, 1_001)).toBe(false);
  });
});

describe('lastLines', () => {
  it('keeps the last non-empty lines, bounded', () => {
    expect(lastLines('a\n\nb\nc\nd\ne\nf\n', 3)).toBe('d\ne\nf');
    expect(lastLines('x'.repeat(50), 5, 10)).toBe(`…${'x'.repeat(10)}`);
    expect(lastLines('')).toBe('');
  });
});
