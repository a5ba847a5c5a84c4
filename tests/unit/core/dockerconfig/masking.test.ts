import { describe, expect, it } from 'vitest';
import { maskedSecretYaml } from '@core/dockerconfig/secret-manifest';
import { describeJsonFailure, HIDDEN, maskedConfigText } from '@core/dockerconfig/masking';
import { toCopy, type SecretLike } from '@core/registries/model';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Unique strings: finding one anywhere in an output is a leak. */
const canary = (what: string) => `CANARY${what}x7Q`;

function secretOf(text: string, extra: SecretLike['metadata'] = {}): SecretLike {
  return {
    metadata: { name: 's', namespace: 'n', resourceVersion: '1', ...extra },
    data: { '.dockerconfigjson': b64(text) },
  };
}

/** Everything the detail view and the list show for a secret. */
function shown(secret: SecretLike): string {
  const text = Buffer.from(secret.data!['.dockerconfigjson']!, 'base64').toString('utf8');
  return [JSON.stringify(toCopy(secret)), maskedConfigText(text), maskedSecretYaml(secret)].join(
    '\n',
  );
}

const allCanaries = (output: string) => output.match(/CANARY[A-Za-z0-9]*x7Q/g) ?? [];

describe('masking every shape of dockerconfigjson', () => {
  const shapes: Record<string, string> = {
    'password and auth': JSON.stringify({
      auths: {
        'r.io': {
          username: 'u',
          password: canary('pw'),
          auth: b64(`u:${canary('authpw')}`),
        },
      },
    }),
    'identitytoken and registrytoken': JSON.stringify({
      auths: {
        'r.io': { identitytoken: canary('idt') },
        'q.io': { registrytoken: canary('rgt'), auth: canary('notbase64') },
      },
    }),
    'unknown entry fields, nested': JSON.stringify({
      auths: {
        'r.io': {
          username: 'u',
          secret_thing: canary('unk'),
          nested: { deep: [canary('deep')] },
        },
      },
    }),
    'top-level unknown fields and HttpHeaders': JSON.stringify({
      auths: {},
      HttpHeaders: { Authorization: `Bearer ${canary('hdr')}` },
      credHelpers: { 'x.io': canary('helper') },
      token: canary('top'),
    }),
    'legacy .dockercfg map': JSON.stringify({
      'r.io': { auth: b64(`u:${canary('legacy')}`), email: 'a@b.c', password: canary('legpw') },
    }),
    'entries that are a string, null and a number': JSON.stringify({
      auths: { 'a.io': canary('strentry'), 'b.io': null, 'c.io': 1234567, 'd.io': [canary('arr')] },
    }),
    'auths holding a string of truncated JSON': JSON.stringify({
      auths: `{"r.io":{"password":"${canary('trunc')}"`,
    }),
    'not JSON (truncated)': `{"auths":{"r.io":{"password":"${canary('broken')}"`,
    'not JSON (garbage after a value)': `{"auths":{}} ${canary('garbage')}`,
    'not JSON (bare word)': `${canary('bare')}`,
  };

  for (const [name, text] of Object.entries(shapes)) {
    it(`shows no credential: ${name}`, () => {
      expect(text).toMatch(/CANARY/);
      expect(allCanaries(shown(secretOf(text)))).toEqual([]);
    });
  }

  it('keeps usernames, emails and hosts readable', () => {
    const output = maskedConfigText(shapes['password and auth']!);
    expect(JSON.parse(output)).toEqual({
      auths: { 'r.io': { username: 'u', password: '••••••••', auth: '••••••••' } },
    });
  });

  it('reports malformed entries as invalid, listing the valid ones, without quoting', () => {
    const copy = toCopy(secretOf(shapes['entries that are a string, null and a number']!));
    expect(copy.invalid).toBe(
      'entry "a.io" is not an object (it is a string); entry "b.io" is not an object (it is null); entry "c.io" is not an object (it is a number); entry "d.io" is not an object (it is an array)',
    );
    expect(copy.entries).toEqual([]);
    const mixed = toCopy(
      secretOf(JSON.stringify({ auths: { 'ok.io': { username: 'u', password: 'p' }, 'b.io': 7 } })),
    );
    expect(mixed.entries.map((entry) => entry.key)).toEqual(['ok.io']);
    expect(mixed.invalid).toBe('entry "b.io" is not an object (it is a number)');
  });

  it('says what is wrong with a config that is not JSON, never what it holds', () => {
    expect(toCopy(secretOf(shapes['not JSON (truncated)']!)).invalid).toBe(
      `not JSON: it ends early (at byte ${shapes['not JSON (truncated)']!.length})`,
    );
    expect(toCopy(secretOf(shapes['not JSON (garbage after a value)']!)).invalid).toBe(
      'not JSON at byte 14',
    );
    expect(toCopy(secretOf(shapes['auths holding a string of truncated JSON']!)).invalid).toBe(
      '"auths" is not an object (it is a string)',
    );
    expect(toCopy(secretOf('[1,2]')).invalid).toBe('not a JSON object (it is an array)');
  });
});

describe('describing JSON failures', () => {
  it('says where the first bad byte is, as Go (and so the kubelet) counts it', () => {
    // Go's SyntaxError.Offset: the bytes read when the error was found (the bad byte included).
    expect(describeJsonFailure('{"a":1,}')).toBe('not JSON at byte 8');
    expect(describeJsonFailure('{"a":tru}')).toBe('not JSON at byte 9');
    expect(describeJsonFailure('{"a":"\\x"}')).toBe('not JSON at byte 8');
    expect(describeJsonFailure("{'a':1}")).toBe('not JSON at byte 2');
    expect(describeJsonFailure('{"a":[1,2')).toBe('not JSON: it ends early (at byte 9)');
    for (const text of ['{"a":1,}', '{"a":tru}', '[1 2]', '{"a" 1}', '01', '"\n"']) {
      expect(() => JSON.parse(text)).toThrow();
      expect(describeJsonFailure(text)).toMatch(/^not JSON at byte \d+$/);
    }
  });

  it('counts bytes, not characters', () => {
    expect(describeJsonFailure('{"é":x}')).toBe('not JSON at byte 7');
    expect(describeJsonFailure('  ')).toBe('not JSON: the config is empty');
  });
});

describe('labels and annotations of any secret', () => {
  const config = JSON.stringify({
    auths: { 'r.io': { username: 'u', password: canary('pw'), auth: b64(`u:${canary('pw')}`) } },
  });

  it('hides last-applied-configuration, other unknown annotations and values holding the config', () => {
    const lastApplied = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      stringData: { '.dockerconfigjson': config },
    });
    const yaml = maskedSecretYaml(
      secretOf(config, {
        labels: { 'app.kubernetes.io/managed-by': 'pullkey', leaked: canary('pw') },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
          'example.com/backup': b64(config),
          'pullkey.dev/project-kind': 'rancher',
          'kubernetes.io/description': `copy of ${canary('pw')}`,
        },
      }),
    );
    expect(allCanaries(yaml)).toEqual([]);
    expect(yaml).not.toContain(b64(config));
    expect(yaml).toContain(`kubectl.kubernetes.io/last-applied-configuration: "${HIDDEN}"`);
    expect(yaml).toContain(`example.com/backup: "${HIDDEN}"`);
    expect(yaml).toContain(`kubernetes.io/description: "${HIDDEN}"`);
    expect(yaml).toContain(`leaked: "${HIDDEN}"`);
    expect(yaml).toContain('pullkey.dev/project-kind: rancher');
    expect(yaml).toContain('app.kubernetes.io/managed-by: pullkey');
  });

  it('hides a label holding a string literal of a config that is not JSON', () => {
    const broken = `{"auths":{"r.io":{"password":"${canary('broken')}"`;
    const yaml = maskedSecretYaml(secretOf(broken, { labels: { x: canary('broken') } }));
    expect(allCanaries(yaml)).toEqual([]);
  });
});
