/** The state read back from a "Keep fresh in the cluster" ExternalSecret and its Events. */
import { describe, expect, it } from 'vitest';
import { generatorError, keepFreshState } from '@core/eso-generators/state';

const spec = {
  refreshInterval: '6h',
  target: { name: 'ecr-source' },
  dataFrom: [
    { sourceRef: { generatorRef: { kind: 'ECRAuthorizationToken', name: 'ecr-source-token' } } },
  ],
};

describe('keepFreshState', () => {
  it('Ready: last refresh and the next one (refreshTime + interval)', () => {
    const state = keepFreshState({
      spec,
      status: {
        refreshTime: '2026-12-07T01:00:00Z',
        conditions: [
          { type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced' },
        ],
      },
    });
    expect(state).toEqual({
      phase: 'ready',
      generator: { kind: 'ECRAuthorizationToken', name: 'ecr-source-token' },
      target: 'ecr-source',
      reason: 'SecretSynced',
      message: 'secret synced',
      refreshIntervalSeconds: 21600,
      refreshTime: '2026-12-07T01:00:00Z',
      nextRefresh: '2026-12-07T07:00:00.000Z',
      events: [],
      diagnosis: null,
    });
  });

  it('no status yet: pending, no next refresh', () => {
    expect(keepFreshState({ spec })).toMatchObject({
      phase: 'pending',
      nextRefresh: null,
      diagnosis: null,
    });
  });

  it('a failing generator: its newest Warning event is the diagnosis', () => {
    const state = keepFreshState(
      {
        spec,
        status: {
          refreshTime: null,
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'SecretSyncedError',
              message: 'could not get secret data from provider',
            },
          ],
        },
      },
      [
        {
          type: 'Normal',
          reason: 'Updated',
          message: 'Updated Secret',
          lastTimestamp: '2026-12-07T00:00:00Z',
        },
        {
          type: 'Warning',
          reason: 'UpdateFailed',
          message: 'old',
          count: 1,
          lastTimestamp: '2026-12-07T00:59:00Z',
        },
        {
          type: 'Warning',
          reason: 'UpdateFailed',
          message:
            'error processing spec.dataFrom[0].sourceRef.generatorRef, err: error using generator: unable to create aws session: error retrieving secret at .data[id], err: secrets "aws-key" not found',
          count: 3,
          lastTimestamp: '2026-12-07T01:00:00Z',
        },
      ],
    );
    expect(state.phase).toBe('failing');
    expect(state.nextRefresh).toBeNull();
    expect(state.events.map((e) => e.message.slice(0, 5))).toEqual(['error', 'old']);
    expect(state.diagnosis).toBe(
      'The ECRAuthorizationToken generator "ecr-source-token" cannot make a new token: ' +
        'error using generator: unable to create aws session: error retrieving secret at .data[id], err: secrets "aws-key" not found. ' +
        'The source secret "ecr-source" keeps its last token until it expires; pods that pull after that fail with 401.',
    );
  });

  it('failing without events: the condition message', () => {
    expect(
      keepFreshState({
        status: {
          conditions: [
            { type: 'Ready', status: 'False', message: 'could not get secret data from provider' },
          ],
        },
      }).diagnosis,
    ).toBe(
      'The token generator cannot make a new token: could not get secret data from provider. The source secret keeps its last token until it expires; pods that pull after that fail with 401.',
    );
  });

  it('generatorError: the text after the first "err:"', () => {
    expect(generatorError('error processing x, err: could not generate: boom')).toBe(
      'could not generate: boom',
    );
    expect(generatorError('plain')).toBe('plain');
  });
});
