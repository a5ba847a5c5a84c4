import { describe, expect, it } from 'vitest';
import { parseChallenge } from '@core/oci/challenge';

describe('parseChallenge', () => {
  it('reads a Bearer challenge with quoted params', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://localhost:5001/token",service="pullkey-registry",scope="repository:team/hello:pull",error="insufficient_scope"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://localhost:5001/token',
        service: 'pullkey-registry',
        scope: 'repository:team/hello:pull',
        error: 'insufficient_scope',
      },
    });
  });
  it('reads Basic and unquoted values', () => {
    expect(parseChallenge('Basic realm=Registry')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry' },
    });
    expect(parseChallenge(undefined)).toBeNull();
  });
});
