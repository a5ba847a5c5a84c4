/**
 * The ExternalSecret template PullKey writes turns a generator's username/password into exactly
 * kubectl's `.dockerconfigjson`; rendered here as ESO renders it (Go template + sprig toJson,
 * b64enc, printf) and read the way the kubelet reads it. Tokens in each provider's real shape.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDockerConfig, serializeDockerConfig } from '@core/dockerconfig/dockerconfig';
import {
  checkRenderedTemplate,
  dockerConfigTemplate,
  goJsonString,
  renderTemplate,
} from '@core/eso-generators/template';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const exp = 1_893_456_000;
const ecrPassword = Buffer.from(
  JSON.stringify({
    payload: randomBytes(64).toString('base64'),
    datakey: randomBytes(32).toString('base64'),
    version: '2',
    type: 'DATA_KEY',
    expiration: exp,
  }),
).toString('base64');
const logins = {
  ecr: {
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    login: { username: 'AWS', password: ecrPassword },
  },
  gcr: {
    registry: 'europe-docker.pkg.dev',
    login: {
      username: 'oauth2accesstoken',
      password: `ya29.${randomBytes(60).toString('base64url')}`,
    },
  },
  acr: {
    registry: 'example.azurecr.io',
    login: {
      username: '00000000-0000-0000-0000-000000000000',
      password: [
        b64url({ alg: 'RS256' }),
        b64url({ exp }),
        randomBytes(32).toString('base64url'),
      ].join('.'),
    },
  },
};

describe('dockerConfigTemplate', () => {
  it('is the Go template ESO renders (engine v2), the registry key fixed, the credentials from the generator', () => {
    expect(dockerConfigTemplate('localhost:5000')).toBe(
      '{"auths":{"localhost:5000":{"username":{{ .username | toJson }},"password":{{ .password | toJson }},' +
        '"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}',
    );
  });

  it.each(Object.entries(logins))(
    '%s: renders byte for byte what kubectl create secret docker-registry writes',
    (_, { registry, login }) => {
      const rendered = renderTemplate(dockerConfigTemplate(registry), login);
      expect(rendered).toBe(serializeDockerConfig(buildDockerConfig(registry, login)));
    },
  );

  it.each(Object.entries(logins))(
    "%s: the kubelet reads exactly the generator's login",
    (_, { registry, login }) => {
      const check = checkRenderedTemplate(registry, login);
      expect(check.problem).toBeNull();
      expect(check.verdict).toMatchObject({
        rejected: false,
        entries: [
          { key: registry, username: login.username, password: login.password, staleFields: false },
        ],
      });
    },
  );

  it('escapes like Go json.Marshal (HTML-safe), and the kubelet still reads the password', () => {
    expect(goJsonString('a<b>&c\u2028"')).toBe('"a\\u003cb\\u003e\\u0026c\\u2028\\""');
    const login = { username: 'u', password: 'p<&>"\\:x' };
    const check = checkRenderedTemplate('r.example', login);
    expect(check.problem).toBeNull();
    expect(check.dockerconfigjson).toContain('"password":"p\\u003c\\u0026\\u003e\\"\\\\:x"');
  });

  it('a generator that gives no password: Go prints "<no value>", and the check says the kubelet reads other credentials', () => {
    expect(renderTemplate('{{ .password }}', {})).toBe('<no value>');
    const check = checkRenderedTemplate('r.example', {
      username: 'AWS',
      password: undefined as unknown as string,
    });
    expect(check.problem).toMatch(/other credentials/);
  });

  it('refuses a registry key that would break the template, and actions it does not render', () => {
    expect(() => dockerConfigTemplate('a{{b')).toThrow(/cannot be put in a template/);
    expect(() => renderTemplate('{{ .x | upper }}', { x: 'a' })).toThrow(
      /unsupported template command/,
    );
    expect(() => renderTemplate('{{ printf "%s" $x }}', {})).toThrow(
      /unsupported template argument/,
    );
  });
});
