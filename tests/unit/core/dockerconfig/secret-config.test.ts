import { describe, expect, it } from 'vitest';
import { DockerConfigError } from '@core/dockerconfig/dockerconfig';
import { decodeConfig } from '@core/dockerconfig/secret-config';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const secret = (text: string) => ({ data: { '.dockerconfigjson': b64(text) } });
const SECRET_PASSWORD = 'hunter2-do-not-quote';

function refusal(input: { data?: Record<string, string> }): DockerConfigError {
  try {
    decodeConfig(input);
  } catch (error) {
    return error as DockerConfigError;
  }
  throw new Error('decodeConfig accepted the secret');
}

describe('decodeConfig: the Docker config a dockerconfigjson secret holds', () => {
  it('reads the entries of a well-formed config', () => {
    const config = decodeConfig(
      secret(
        JSON.stringify({
          auths: { 'registry.example.com': { username: 'alice', password: SECRET_PASSWORD } },
        }),
      ),
    );
    expect(config.auths['registry.example.com']).toMatchObject({
      username: 'alice',
      password: SECRET_PASSWORD,
    });
  });

  it('a secret without the key is refused', () => {
    expect(refusal({ data: {} })).toBeInstanceOf(DockerConfigError);
    expect(refusal({}).message).toBe('no .dockerconfigjson key');
  });

  it('invalid JSON is refused without quoting the text (it holds the password)', () => {
    const error = refusal(secret(`{"auths":{"r":{"password":"${SECRET_PASSWORD}"`));
    expect(error).toBeInstanceOf(DockerConfigError);
    expect(error.message).not.toContain(SECRET_PASSWORD);
  });

  it('a config that is not an object of auths is refused with what it is', () => {
    expect(refusal(secret('[]')).message).toMatch(/not a JSON object/);
    expect(refusal(secret('{"auths":"x"}')).message).toMatch(/"auths" is not an object/);
  });
});
