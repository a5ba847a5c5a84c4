import { describe, expect, it } from 'vitest';
import {
  createScope,
  entryHost,
  loginPayload,
  MAX_CA_BYTES,
  projectOptions,
  readCaFile,
  savedLoginOptions,
} from '@renderer/features/registries/logic/form';

const fields = {
  host: 'registry.example.com:5000',
  username: 'alice',
  password: '',
  email: '',
  caPem: '  ',
  insecure: false,
};

describe('registry form logic', () => {
  it('edits an entry under the host its login is kept under in the keychain', () => {
    expect(entryHost({ key: 'https://index.docker.io/v1/' })).toBe('docker.io');
    expect(entryHost({ key: 'registry-1.docker.io' })).toBe('docker.io');
    expect(entryHost({ key: 'https://registry.example.com:5000' })).toBe(
      'registry.example.com:5000',
    );
    expect(entryHost({ key: 'registry.example.com:5000' })).toBe('registry.example.com:5000');
  });

  it('gives saved logins and projects object values, not joined strings', () => {
    expect(savedLoginOptions([{ host: 'h|x', username: 'a|b' }])).toEqual([
      { label: 'a|b @ h|x', value: { host: 'h|x', username: 'a|b' } },
    ]);
    expect(
      projectOptions([
        { kind: 'rancher', id: 'p-1', clusterId: 'c-1', namespaces: ['a', 'b'] },
        { kind: 'pullkey', id: 'team', clusterId: null, namespaces: [] },
      ]),
    ).toEqual([
      { label: 'p-1 (Rancher, 2 namespaces)', value: { kind: 'rancher', id: 'p-1' } },
      { label: 'team (PullKey, 0 namespaces)', value: { kind: 'pullkey', id: 'team' } },
    ]);
  });

  it('sends only the login fields that are filled in', () => {
    expect(loginPayload(fields)).toEqual({ host: fields.host, username: 'alice' });
    expect(
      loginPayload({ ...fields, password: 'pw', email: 'a@b', caPem: ' PEM\n', insecure: true }),
    ).toEqual({
      host: fields.host,
      username: 'alice',
      password: 'pw',
      email: 'a@b',
      ca: 'PEM',
      insecureSkipVerify: true,
    });
  });

  it('builds the create scope only when its namespace or project is chosen', () => {
    expect(createScope('namespace', 'team1-dev', null)).toEqual({
      kind: 'namespace',
      namespace: 'team1-dev',
    });
    expect(createScope('namespace', null, { kind: 'rancher', id: 'p-1' })).toBeNull();
    expect(createScope('project', 'team1-dev', { kind: 'rancher', id: 'p-1' })).toEqual({
      kind: 'project',
      project: 'p-1',
      projectKind: 'rancher',
    });
    expect(createScope('project', 'team1-dev', null)).toBeNull();
  });

  it('accepts a PEM file and says why another file is not a CA bundle', async () => {
    const file = (name: string, text: string, size = text.length) => ({
      name,
      size,
      text: async () => text,
    });
    const pem = '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n';
    await expect(readCaFile(file('ca.pem', pem))).resolves.toEqual({ pem, error: null });
    await expect(readCaFile(file('notes.txt', 'hello'))).resolves.toEqual({
      pem: null,
      error: 'notes.txt holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    });
    await expect(readCaFile(file('big.pem', pem, MAX_CA_BYTES + 1))).resolves.toEqual({
      pem: null,
      error: 'big.pem is larger than 64 KB: not a CA bundle',
    });
  });
});
