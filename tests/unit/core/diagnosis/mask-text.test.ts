/**
 * "Copy diagnostics" masks credentials by shape in the texts it quotes: URL userinfo of any
 * scheme, HTTP auth, and credential-named keys in JSON (nested, escaped), YAML and key=value
 * forms. A leak is any 4-character piece of a secret value found in the output.
 */
import { describe, expect, it } from 'vitest';
import { buildDetail } from '@core/pulls/diagnosis/evidence';
import { maskCredentials } from '@core/diagnosis/mask-text';

/** Every 4-character piece of `secret` absent from `text`. */
function expectNoPieceOf(secret: string, text: string) {
  for (let index = 0; index + 4 <= secret.length; index++)
    expect(text, `"${secret.slice(index, index + 4)}" of the secret`).not.toContain(
      secret.slice(index, index + 4),
    );
}

const SECRET = 'Zq8#Wv2!Kp5 Rt,9}Lm';
/** As a URL holds it: percent-encoded. */
const URL_SECRET = 'Zq8%23Wv2!Kp5%20Rt,9%7DLm';

describe('maskCredentials', () => {
  it.each([
    ['socks5', `proxyconnect tcp: socks5://proxyuser:${URL_SECRET}@proxy.corp:1080 refused`],
    [
      'http proxy',
      `Get "https://r.io/v2/": proxyconnect tcp: http://u:${URL_SECRET}@10.0.0.1:3128`,
    ],
    ['https', `fetch https://bob:${URL_SECRET}@reg.example.com/v2/ failed`],
    ['token as user', `dial socks5h://${URL_SECRET}@proxy:1080: i/o timeout`],
    ['@ in the password', `socks5://user:${URL_SECRET}@x@proxy.corp:1080`],
  ])('masks the userinfo of a %s URL', (_name, text) => {
    const masked = maskCredentials(text);
    expectNoPieceOf(URL_SECRET, masked);
    expect(masked).toMatch(/:\/\/\*\*\*(:\*\*\*)?@/);
  });

  it.each(['secret', 'token', 'password', 'auth', 'identitytoken', 'registrytoken', 'Secret'])(
    'masks JSON "%s" values, top-level, nested, escaped inside a string, objects and arrays',
    (key) => {
      const texts = [
        JSON.stringify({ [key]: SECRET }),
        JSON.stringify({ auths: { 'r.io': { username: 'alice', [key]: SECRET } } }),
        JSON.stringify({ message: JSON.stringify({ status: { [key]: SECRET } }) }),
        JSON.stringify({ [key]: { value: SECRET, more: [SECRET] } }),
        JSON.stringify({ [key]: [SECRET, { deeper: SECRET }] }),
        JSON.stringify({ [key]: SECRET }, null, 2),
        `${key}: ${SECRET.replace(/[ ,}]/g, '')}`,
        `?${key}=${SECRET.replace(/[ ,}#&]/g, '')}&scope=pull`,
      ];
      for (const text of texts)
        expectNoPieceOf(SECRET.replace(/[ ,}#&]/g, ''), maskCredentials(text));
      for (const text of texts.slice(0, 6)) expectNoPieceOf(SECRET, maskCredentials(text));
      expect(maskCredentials(texts[1]!)).toContain('alice');
    },
  );

  it('keeps the words of a diagnosis that merely mention secrets and auth', () => {
    const text =
      "- imagePullSecrets: regcred (the pod's own)\n- The kubelet rejects secret deep: nested more than 10000 levels deep (at byte 10051)\n- Missing secrets: a, b\nno basic auth credentials; 401 Unauthorized: authentication required";
    expect(maskCredentials(text)).toBe(text);
  });

  it('masks HTTP Basic and Bearer credentials', () => {
    expect(maskCredentials('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer ***');
    expect(maskCredentials('Proxy-Authorization: Basic dTpw')).toBe(
      'Proxy-Authorization: Basic ***',
    );
  });

  it('the report of a workload masks what its events quote', () => {
    const detail = buildDetail({
      ref: { context: 'alpha', namespace: 'n', kind: 'Deployment', name: 'app' },
      failure: null,
      latent: null,
      pod: null,
      serviceAccount: null,
      nodes: [],
      templateSecrets: null,
      secret: () => undefined,
      events: [
        {
          metadata: { name: 'e1', namespace: 'n' },
          involvedObject: { kind: 'Pod', name: 'app-1' },
          type: 'Warning',
          reason: 'Failed',
          message: `proxyconnect tcp: socks5://u:${URL_SECRET}@proxy:1080; plugin said {"secret":"${SECRET}"}`,
          lastTimestamp: new Date('2026-01-01T00:00:00Z'),
        },
      ],
    });
    expectNoPieceOf(SECRET, detail.report);
    expectNoPieceOf(URL_SECRET, detail.report);
  });
});
