import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setCurrentContextText } from '@core/kube/kubeconfig/current-context';

const yamlConfig = `# managed by hand — keep this comment
apiVersion: v1
kind: Config
current-context: one   # the default
clusters:
  - name: c   # inline comment
    cluster: { server: "https://127.0.0.1:1" }
contexts:
  - { name: one, context: { cluster: c, user: u } }
  - { name: two, context: { cluster: c, user: u } }
users: [ { name: u, user: { token: t } } ]
`;

describe('setCurrentContextText', () => {
  it('changes only the value bytes of current-context in a YAML file', () => {
    expect(setCurrentContextText(yamlConfig, 'two')).toBe(
      yamlConfig.replace('current-context: one   #', 'current-context: two   #'),
    );
  });

  it('keeps the quoting style, and quotes a name YAML would read as something else', () => {
    expect(setCurrentContextText("current-context: 'one'\n", "it's")).toBe(
      "current-context: 'it''s'\n",
    );
    expect(setCurrentContextText('current-context: "one"\n', 'two')).toBe(
      'current-context: "two"\n',
    );
    const numeric = setCurrentContextText('current-context: one\n', '123');
    expect(parse(numeric)).toEqual({ 'current-context': '123' });
    const colon = setCurrentContextText('current-context: one\n', 'arn:aws:eks: x');
    expect(parse(colon)).toEqual({ 'current-context': 'arn:aws:eks: x' });
  });

  it('fills an empty value and adds the key at the end when it is missing', () => {
    expect(setCurrentContextText('current-context:\nkind: Config\n', 'two')).toBe(
      'current-context: two\nkind: Config\n',
    );
    expect(setCurrentContextText('kind: Config # c\n', 'two')).toBe(
      'kind: Config # c\ncurrent-context: two\n',
    );
    expect(setCurrentContextText('kind: Config', 'two')).toBe(
      'kind: Config\ncurrent-context: two\n',
    );
    expect(setCurrentContextText('# nothing yet\n', 'two')).toBe(
      '# nothing yet\ncurrent-context: two\n',
    );
    expect(setCurrentContextText('', 'two')).toBe('current-context: two\n');
  });

  it('keeps a JSON kubeconfig JSON, byte for byte apart from the value', () => {
    const json = JSON.stringify(
      { apiVersion: 'v1', 'current-context': 'one', contexts: [{ name: 'one' }, { name: 'two' }] },
      null,
      2,
    );
    const changed = setCurrentContextText(json, 'two');
    expect(changed).toBe(json.replace('"current-context": "one"', '"current-context": "two"'));

    const withoutKey = JSON.stringify({ apiVersion: 'v1', contexts: [{ name: 'two' }] }, null, 2);
    const added = setCurrentContextText(withoutKey, 'two');
    expect(JSON.parse(added)).toEqual({ ...JSON.parse(withoutKey), 'current-context': 'two' });
    expect(added).toBe(withoutKey.replace('{\n', '{\n  "current-context": "two",\n'));
    expect(JSON.parse(setCurrentContextText('{}', 'x'))).toEqual({ 'current-context': 'x' });
  });

  it('refuses a file that is not a kubeconfig mapping', () => {
    expect(() => setCurrentContextText('- a\n- b\n', 'two')).toThrow(/not a mapping/);
    expect(() => setCurrentContextText('a: [\n', 'two')).toThrow();
  });
});
