import { describe, expect, it } from 'vitest';
import {
  LAST_APPLIED_ANNOTATION,
  withLastAppliedData,
} from '../../../../electron/core/kube/last-applied';

const KEY = '.dockerconfigjson';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const oldConfig = JSON.stringify({ auths: { 'r.example': { username: 'u', password: 'OLD-PW' } } });
const newConfig = JSON.stringify({ auths: { 'r.example': { username: 'u', password: 'NEW-PW' } } });

/** What kubectl apply stores: the manifest as compact JSON and a newline. */
const applied = (body: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'v1',
    ...body,
    kind: 'Secret',
    metadata: { annotations: {}, labels: { team: 'a' }, name: 's', namespace: 'n' },
    type: 'kubernetes.io/dockerconfigjson',
  }) + '\n';

describe('withLastAppliedData', () => {
  it('sets data of the applied manifest to what is written, keeping every other field', () => {
    const before = applied({ data: { [KEY]: b64(oldConfig), other: b64('x') } });
    const after = withLastAppliedData(
      { [LAST_APPLIED_ANNOTATION]: before, keep: 'me' },
      KEY,
      b64(newConfig),
    )!;
    expect(after.keep).toBe('me');
    expect(after[LAST_APPLIED_ANNOTATION]).toBe(
      applied({ data: { [KEY]: b64(newConfig), other: b64('x') } }),
    );
    expect(after[LAST_APPLIED_ANNOTATION]).not.toContain(b64(oldConfig));
  });

  it('sets stringData as text when the applied manifest used stringData', () => {
    const before = applied({ stringData: { [KEY]: oldConfig } });
    const after = withLastAppliedData({ [LAST_APPLIED_ANNOTATION]: before }, KEY, b64(newConfig))!;
    expect(after[LAST_APPLIED_ANNOTATION]).toBe(applied({ stringData: { [KEY]: newConfig } }));
    expect(after[LAST_APPLIED_ANNOTATION]).not.toContain('OLD-PW');
  });

  it('drops an annotation that is not a JSON object (it may hold the old password)', () => {
    for (const broken of ['{"data":{".dockerconfigjson":"OLD-PW"', '"OLD-PW"', '[]']) {
      expect(
        withLastAppliedData({ [LAST_APPLIED_ANNOTATION]: broken, keep: 'me' }, KEY, b64(newConfig)),
      ).toEqual({ keep: 'me' });
    }
  });

  it('leaves annotations without last-applied-configuration, or without the key, as they are', () => {
    expect(withLastAppliedData(undefined, KEY, b64(newConfig))).toBeUndefined();
    expect(withLastAppliedData({ a: 'b' }, KEY, b64(newConfig))).toEqual({ a: 'b' });
    const withoutKey = applied({ data: { other: b64('x') } });
    expect(
      withLastAppliedData({ [LAST_APPLIED_ANNOTATION]: withoutKey }, KEY, b64(newConfig)),
    ).toEqual({ [LAST_APPLIED_ANNOTATION]: withoutKey });
  });
});
