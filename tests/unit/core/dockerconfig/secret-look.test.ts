import { describe, expect, it } from 'vitest';
import { registryKubectlCommand, secretLook } from '@core/dockerconfig/secret-look';

const one = {
  auths: {
    'registry.example:5000': { username: 'ci', password: 's3cret!', auth: 'Y2k6czNjcmV0IQ==' },
  },
};

describe('secretLook: a registry secret as the detail and the dry run show it', () => {
  it('masks every password and names the placeholder in the kubectl command', () => {
    const look = secretLook('kind-a', 'team-a', 'regcred', one);
    expect(look).toMatchObject({ namespace: 'team-a', name: 'regcred' });
    expect(look.maskedConfig).not.toContain('s3cret!');
    expect(look.maskedConfig).not.toContain('Y2k6czNjcmV0IQ==');
    expect(look.maskedConfig).toContain('registry.example:5000');
    expect(look.kubectlCommand).toBe(
      'kubectl --context kind-a create secret docker-registry regcred --namespace team-a --docker-server=registry.example:5000 --docker-username=ci --docker-password="$REGISTRY_PASSWORD"',
    );
  });

  it('a config of several registries is written from a file', () => {
    const two = {
      auths: { ...one.auths, 'b.example': { username: 'u', password: 'p', auth: 'dTpw' } },
    };
    expect(registryKubectlCommand('kind-a', 'team-a', 'regcred', two, false)).toContain(
      '--from-file=.dockerconfigjson=./config.json',
    );
  });
});
