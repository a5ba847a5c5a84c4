/**
 * Which credentials are short-lived tokens and when they expire, with tokens made in the test in
 * the real formats (tests/kit/tokens.ts), and near-misses that must not count.
 */
import { describe, expect, it } from 'vitest';
import {
  ACR_TOKEN_USER,
  ecrEnvelopeExpiry,
  jwtExpiry,
  recognizeToken,
} from '@core/tokens/recognize';
import { ecrRegion, registryKind } from '@core/tokens/hosts';
import { acrToken, ecrToken, googleToken, jwt } from '../../../kit/tokens';

const at = new Date('2026-12-07T14:02:00.000Z');
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('registryKind', () => {
  it.each([
    [ECR, 'ecr'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'ecr'],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com', 'ecr'],
    ['public.ecr.aws', 'ecr'],
    ['europe-west1-docker.pkg.dev', 'gcr'],
    ['gcr.io', 'gcr'],
    ['eu.gcr.io', 'gcr'],
    ['myreg.azurecr.io', 'acr'],
    ['https://myreg.azurecr.io/v2/', 'acr'],
    // near-misses
    ['dkr.ecr.eu-west-1.amazonaws.com', null],
    ['12345.dkr.ecr.eu-west-1.amazonaws.com', null],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example', null],
    ['docker.pkg.dev', null],
    ['gcr.io.example.com', null],
    ['azurecr.io', null],
    ['myreg.azurecr.io.example', null],
    ['docker.io', null],
  ])('%s → %s', (host, kind) => expect(registryKind(host)).toBe(kind));

  it("an ECR host's region", () => {
    expect(ecrRegion(`https://${ECR}/team`)).toBe('eu-west-1');
    expect(ecrRegion('localhost:5000')).toBe('');
  });
});

describe('ECR', () => {
  it('reads the envelope expiry exactly', () => {
    expect(ecrEnvelopeExpiry(ecrToken(at))).toBe(at.toISOString());
    expect(recognizeToken({ registry: ECR, username: 'AWS', password: ecrToken(at) })).toEqual({
      kind: 'ecr',
      provider: 'Amazon ECR',
      expiresAt: at.toISOString(),
      estimate: false,
    });
  });

  it('ECR Public and an ECR-shaped token on another host (a mirror) are ECR tokens', () => {
    for (const registry of ['public.ecr.aws', '127.0.0.1:5000', 'mirror.example.com']) {
      expect(recognizeToken({ registry, username: 'AWS', password: ecrToken(at) })).toMatchObject({
        kind: 'ecr',
        expiresAt: at.toISOString(),
      });
    }
  });

  it('an AWS login on an ECR host that is no envelope: a token of unknown expiry', () => {
    expect(recognizeToken({ registry: ECR, username: 'AWS', password: 'plain' })).toMatchObject({
      kind: 'ecr',
      expiresAt: null,
    });
  });

  it.each([
    ['a password on another host', 'mirror.example.com', 'AWS', 'hunter2'],
    ['another username', 'mirror.example.com', 'aws', ecrToken(at)],
    [
      'base64 JSON without payload',
      'x.example',
      'AWS',
      Buffer.from('{"expiration":1}').toString('base64'),
    ],
    [
      'an envelope without expiration',
      'x.example',
      'AWS',
      Buffer.from('{"payload":"a","datakey":"b"}').toString('base64'),
    ],
    [
      'an expiration as a string',
      'x.example',
      'AWS',
      Buffer.from('{"payload":"a","datakey":"b","expiration":"1700000000"}').toString('base64'),
    ],
    ['base64 of an array', 'x.example', 'AWS', Buffer.from('[1]').toString('base64')],
    ['not base64', 'x.example', 'AWS', 'not base64!'],
  ])('near-miss: %s', (_label, registry, username, password) => {
    expect(recognizeToken({ registry, username, password })).toBeNull();
  });
});

describe('Artifact Registry / GCR', () => {
  it('about 1 h after the secret was written, an estimate', () => {
    for (const username of ['oauth2accesstoken', '_dcgcloud_token']) {
      expect(
        recognizeToken({
          registry: 'europe-west1-docker.pkg.dev',
          username,
          password: googleToken(),
          writtenAt: '2026-12-07T13:02:00.000Z',
        }),
      ).toEqual({
        kind: 'gcr',
        provider: 'Google Artifact Registry',
        expiresAt: '2026-12-07T14:02:00.000Z',
        estimate: true,
      });
    }
  });

  it('no write time: unknown expiry, still an estimate', () => {
    expect(
      recognizeToken({
        registry: 'gcr.io',
        username: 'oauth2accesstoken',
        password: googleToken(),
      }),
    ).toMatchObject({ kind: 'gcr', expiresAt: null, estimate: true });
  });

  it('near-misses: a JSON key login (_json_key) and a Google username on another host', () => {
    expect(
      recognizeToken({
        registry: 'gcr.io',
        username: '_json_key',
        password: '{"type":"service_account"}',
      }),
    ).toBeNull();
    expect(
      recognizeToken({
        registry: 'registry.example.com',
        username: 'oauth2accesstoken',
        password: googleToken(),
      }),
    ).toBeNull();
  });
});

describe('ACR and other JWTs', () => {
  it('ACR: the JWT exp, exactly', () => {
    expect(
      recognizeToken({
        registry: 'myreg.azurecr.io',
        username: ACR_TOKEN_USER,
        password: acrToken(at),
      }),
    ).toEqual({
      kind: 'acr',
      provider: 'Azure Container Registry',
      expiresAt: at.toISOString(),
      estimate: false,
    });
  });

  it('ACR token user without a JWT: unknown expiry', () => {
    expect(
      recognizeToken({
        registry: 'myreg.azurecr.io',
        username: ACR_TOKEN_USER,
        password: 'opaque',
      }),
    ).toMatchObject({ kind: 'acr', expiresAt: null });
  });

  it('an ACR admin user (a password) is no token', () => {
    expect(
      recognizeToken({ registry: 'myreg.azurecr.io', username: 'myreg', password: 'pw' }),
    ).toBeNull();
  });

  it('any other JWT with exp on any registry', () => {
    expect(
      recognizeToken({
        registry: 'ghcr.io',
        username: 'bot',
        password: jwt({ exp: at.getTime() / 1000 }),
      }),
    ).toMatchObject({ kind: 'jwt', provider: 'JWT', expiresAt: at.toISOString() });
  });

  it.each([
    ['no exp', jwt({ sub: 'x' })],
    ['exp a string', jwt({ exp: '1700000000' })],
    ['exp in milliseconds (not seconds)', jwt({ exp: at.getTime() })],
    ['header without alg', jwt({ exp: 1_800_000_000 }, { typ: 'JWT' })],
    ['two parts', jwt({ exp: 1_800_000_000 }).split('.').slice(0, 2).join('.')],
    ['an empty signature', `${jwt({ exp: 1_800_000_000 }).split('.').slice(0, 2).join('.')}.`],
    ['dots in a password', 'my.pass.word'],
  ])('near-miss: %s', (_label, password) => {
    expect(jwtExpiry(password)).toBeNull();
    expect(recognizeToken({ registry: 'ghcr.io', username: 'bot', password })).toBeNull();
  });

  it('an empty password is nothing', () => {
    expect(recognizeToken({ registry: ECR, username: 'AWS', password: '' })).toBeNull();
  });
});
