import { templateKind } from '@core/api/contract';
import { describe, expect, it } from 'vitest';
import {
  attachPullSecretsPatch,
  mergePullSecrets,
  patchPreview,
  pullSecretsField,
  templatePullSecrets,
} from '@core/workloads/pull-secrets-patch';

const podSpec = (names: string[]) => ({
  spec: { imagePullSecrets: names.map((name) => ({ name })) },
});

describe('attach pull secrets to an existing workload', () => {
  it('merges: existing first and kept, no duplicates', () => {
    expect(mergePullSecrets(['a', 'b'], ['b', 'c', 'c'])).toEqual(['a', 'b', 'c']);
    expect(mergePullSecrets([], ['x'])).toEqual(['x']);
  });

  for (const kind of templateKind.options.filter((candidate) => candidate !== 'CronJob')) {
    it(`${kind}: patches only spec.template.spec.imagePullSecrets, with the resourceVersion`, () => {
      const workload = {
        metadata: { resourceVersion: '12' },
        spec: { template: podSpec(['theirs']) },
      };
      expect(attachPullSecretsPatch(kind, workload, ['mine'])).toEqual({
        patch: {
          metadata: { resourceVersion: '12' },
          spec: {
            template: { spec: { imagePullSecrets: [{ name: 'theirs' }, { name: 'mine' }] } },
          },
        },
        imagePullSecrets: ['theirs', 'mine'],
      });
    });
  }

  it('CronJob: the pod template is under spec.jobTemplate.spec.template', () => {
    const cron = {
      metadata: { resourceVersion: '7' },
      spec: { jobTemplate: { spec: { template: podSpec(['theirs']) } } },
    };
    expect(templatePullSecrets('CronJob', cron)).toEqual(['theirs']);
    expect(attachPullSecretsPatch('CronJob', cron, ['mine'])?.patch).toEqual({
      metadata: { resourceVersion: '7' },
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: { imagePullSecrets: [{ name: 'theirs' }, { name: 'mine' }] } },
          },
        },
      },
    });
  });

  it('writes nothing when every secret is already there', () => {
    const workload = {
      metadata: { resourceVersion: '1' },
      spec: { template: podSpec(['a', 'b']) },
    };
    expect(attachPullSecretsPatch('Deployment', workload, ['b', 'a'])).toBeNull();
  });

  it('works on a template without any pull secret yet', () => {
    const workload = { metadata: { resourceVersion: '1' }, spec: { template: { spec: {} } } };
    expect(attachPullSecretsPatch('StatefulSet', workload, ['a'])?.imagePullSecrets).toEqual(['a']);
  });
});

describe('the attach preview', () => {
  it('is the merge patch exactly as sent, with the resourceVersion it was read at', () => {
    const workload = {
      metadata: { resourceVersion: '42' },
      spec: { template: { spec: { imagePullSecrets: [{ name: 'old' }] } } },
    };
    const planned = attachPullSecretsPatch('Deployment', workload, ['new'])!;
    const text = patchPreview('Deployment web', pullSecretsField('Deployment'), planned.patch);
    const body = text.slice(text.indexOf('\n') + 1);
    expect(JSON.parse(body)).toEqual(planned.patch);
    expect(JSON.parse(body)).toMatchObject({ metadata: { resourceVersion: '42' } });
    expect(text).toMatch(
      /^# JSON merge patch of Deployment web, as sent: only spec.template.spec.imagePullSecrets changes/,
    );
    expect(pullSecretsField('CronJob')).toBe(
      'spec.jobTemplate.spec.template.spec.imagePullSecrets',
    );
    expect(patchPreview('Deployment web', 'x', null)).toContain('nothing to write');
  });
});
