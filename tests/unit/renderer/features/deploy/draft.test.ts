import { describe, expect, it } from 'vitest';
import {
  defaultNamespace,
  emptyDraft,
  imageWithTag,
  interpretDraft,
  namespaceGroups,
  nameError,
  parseEnv,
  parseImage,
  parsePorts,
  type DeployDraft,
} from '@renderer/features/deploy/logic/draft';

const access = (create: boolean) => ({
  secrets: { create, update: create, list: true },
  deployments: { create, update: create },
});
const draft = (over: Partial<DeployDraft> = {}): DeployDraft => ({
  ...emptyDraft(),
  name: 'web',
  namespace: 'team1-dev',
  image: 'registry.example.com/team/app:1.0',
  ...over,
});

describe('deploy draft', () => {
  it('parses ports separated by commas or spaces and names the first bad one', () => {
    expect(parsePorts('8080, 9090 80')).toEqual({
      ports: [{ containerPort: 8080 }, { containerPort: 9090 }, { containerPort: 80 }],
      error: null,
    });
    expect(parsePorts('').ports).toEqual([]);
    expect(parsePorts('8080, 70000').error).toBe('"70000" is not a port (1-65535)');
    expect(parsePorts('http').error).toBe('"http" is not a port (1-65535)');
    expect(parsePorts('0').error).toBe('"0" is not a port (1-65535)');
    expect(parsePorts('80.5').error).toBe('"80.5" is not a port (1-65535)');
  });

  it('parses NAME=value lines, keeping "=" in values and rejecting a line without a name', () => {
    expect(parseEnv('A=1\n\n  B=x=y  \nC=')).toEqual({
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: 'x=y' },
        { name: 'C', value: '' },
      ],
      error: null,
    });
    expect(parseEnv('A=1\n=nope').error).toBe('"=nope" is not NAME=value');
    expect(parseEnv('novalue').error).toBe('"novalue" is not NAME=value');
    expect(parseEnv('1BAD=x').error).toBe('"1BAD=x" is not NAME=value');
  });

  it('parses the image with the reference grammar and reports its error', () => {
    expect(parseImage('  ')).toEqual({ reference: null, error: null });
    expect(parseImage('nginx').reference?.registry).toBe('docker.io');
    const bad = parseImage('a b');
    expect(bad.reference).toBeNull();
    expect(bad.error).toBeTruthy();
  });

  it('checks the name as a DNS-1123 label, an empty name being no error yet', () => {
    expect(nameError('')).toBeNull();
    expect(nameError('web-1')).toBeNull();
    expect(nameError('Web')).toBeTruthy();
    expect(nameError('a'.repeat(64))).toBeTruthy();
  });

  it('builds the workload input only when the draft is complete and valid', () => {
    expect(interpretDraft(draft()).workload).toEqual({
      kind: 'Deployment',
      name: 'web',
      namespace: 'team1-dev',
      image: 'registry.example.com/team/app:1.0',
      replicas: 1,
      pullSecrets: [],
    });
    expect(
      interpretDraft(
        draft({
          kind: 'Pod',
          image: ' nginx:1.27 ',
          ports: '80',
          env: 'A=1',
          pullPolicy: 'Always',
          pullSecrets: ['regcred'],
        }),
      ).workload,
    ).toEqual({
      kind: 'Pod',
      name: 'web',
      namespace: 'team1-dev',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80 }],
      env: [{ name: 'A', value: '1' }],
      pullSecrets: ['regcred'],
      imagePullPolicy: 'Always',
    });
    expect(interpretDraft(draft({ name: '' })).workload).toBeNull();
    expect(interpretDraft(draft({ name: 'Bad' })).workload).toBeNull();
    expect(interpretDraft(draft({ namespace: null })).workload).toBeNull();
    expect(interpretDraft(draft({ image: 'a b' })).workload).toBeNull();
    expect(interpretDraft(draft({ ports: 'x' })).workload).toBeNull();
    expect(interpretDraft(draft({ env: 'x' })).workload).toBeNull();
  });

  it('keeps the namespace when listed, else picks the first writable, else the first', () => {
    const list = [
      { name: 'ro', access: access(false) },
      { name: 'rw', access: access(true) },
    ];
    expect(defaultNamespace('ro', list)).toBe('ro');
    expect(defaultNamespace('gone', list)).toBe('rw');
    expect(defaultNamespace(null, [list[0]!])).toBe('ro');
    expect(defaultNamespace('gone', [])).toBeNull();
  });

  it('replaces the tag or digest of the image', () => {
    expect(imageWithTag('reg.example.com:5000/app:1.0', '2.0')).toBe(
      'reg.example.com:5000/app:2.0',
    );
    expect(imageWithTag('reg.example.com:5000/app', '2.0')).toBe('reg.example.com:5000/app:2.0');
    expect(imageWithTag(' app@sha256:abc ', '3')).toBe('app:3');
  });

  it('groups namespaces by Rancher project, else PullKey project, else "No project"', () => {
    expect(
      namespaceGroups([
        { name: 'a', projects: { rancher: 'p-1', pullkey: 'team' } },
        { name: 'b', projects: { rancher: null, pullkey: 'team' } },
        { name: 'c', projects: { rancher: null, pullkey: null } },
        { name: 'd', projects: { rancher: 'p-1', pullkey: null } },
      ]),
    ).toEqual([
      {
        label: 'p-1',
        items: [
          { label: 'a', value: 'a' },
          { label: 'd', value: 'd' },
        ],
      },
      { label: 'team', items: [{ label: 'b', value: 'b' }] },
      { label: 'No project', items: [{ label: 'c', value: 'c' }] },
    ]);
  });
});
