/**
 * The upstream distribution/reference test tables (reference_test.go, normalize_test.go,
 * regexp_test.go at the version the test cluster's go.mod pins), replayed against PullKey's
 * parser: upstream/reference-cases.json holds every parse call those tests make with Go's own
 * answer (regenerate with upstream/record-reference.sh).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalReference,
  ImageReferenceError,
  parseImageReference,
  parseReference,
  referencePatterns,
  type ImageReferenceErrorKind,
} from '@core/oci/reference';

interface RecordedCase {
  test: string;
  fn: string;
  input: string;
  err?: string;
  type?: string;
  string?: string;
  name?: string;
  domain?: string;
  path?: string;
  tag?: string;
  digest?: string;
  match?: boolean;
  subs?: string[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./upstream/reference-cases.json', import.meta.url), 'utf8'),
) as { source: string; cases: RecordedCase[] };

function goErrorKind(message: string): ImageReferenceErrorKind {
  if (/must be lowercase/.test(message)) return 'uppercase';
  if (/at least one component/.test(message)) return 'empty';
  if (/must not be more than/.test(message)) return 'too-long';
  if (/cannot specify 64-byte hexadecimal/.test(message)) return 'identifier';
  if (/unsupported digest algorithm/.test(message)) return 'digest-unsupported';
  if (/invalid checksum digest length/.test(message)) return 'digest-length';
  if (/invalid checksum digest format/.test(message)) return 'digest-format';
  return 'format';
}

function attempt<T>(run: () => T): { value: T } | { kind: ImageReferenceErrorKind } {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof ImageReferenceError) return { kind: error.kind };
    throw error;
  }
}

const counts = { ported: 0, noEquivalent: 0, differentOnPurpose: 0 };
const byTest = new Map<string, number>();
afterAll(() => {
  console.info(
    `${fixture.source}: ${counts.ported} upstream cases ported and passing, ${counts.noEquivalent} with no PullKey equivalent, ${counts.differentOnPurpose} different on purpose; by test: ${[...byTest].map(([test, n]) => `${test} ${n}`).join(', ')}`,
  );
});
const ported = (test: string) => {
  counts.ported++;
  byTest.set(test, (byTest.get(test) ?? 0) + 1);
};

const regexpFor: Record<string, RegExp> = {
  TestDomainRegexp: referencePatterns.domain,
  TestFullNameRegexp: referencePatterns.name,
  TestReferenceRegexp: referencePatterns.reference,
  TestIdentifierRegexp: referencePatterns.identifier,
};

describe(`upstream ${fixture.source} tables`, () => {
  it('has the recorded cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(300);
  });

  it.each(
    fixture.cases.map(
      (c) => [`${c.test} ${c.fn.slice(0, 30)} ${JSON.stringify(c.input).slice(0, 80)}`, c] as const,
    ),
  )('%s', (_label, c) => {
    if (c.fn.startsWith('regexp:')) {
      const regexp = regexpFor[c.test];
      expect(regexp, `a regexp for ${c.test}`).toBeDefined();
      const match = regexp!.exec(c.input);
      expect(match !== null).toBe(c.match);
      if (match && c.subs) {
        expect(match.slice(1).map((sub) => sub ?? '')).toEqual(c.subs.slice(0, match.length - 1));
      }
      ported(c.test);
      return;
    }
    if (c.fn === 'Parse') {
      const ours = attempt(() => parseReference(c.input));
      if (c.err) expect(ours).toEqual({ kind: goErrorKind(c.err) });
      else {
        expect(ours).toEqual({
          value: {
            domain: c.domain ?? '',
            path: c.path ?? '',
            tag: c.tag ?? null,
            digest: c.digest ?? null,
          },
        });
      }
      ported(c.test);
      return;
    }
    if (c.fn === 'WithName') {
      // A name alone: the name grammar (domain and path captured) and the length limit.
      const match = referencePatterns.name.exec(c.input);
      if (c.err) {
        const kind = goErrorKind(c.err);
        if (kind === 'too-long') expect(match![2]!.length).toBeGreaterThan(255);
        else expect(match).toBeNull();
      } else {
        expect([match?.[1] ?? '', match?.[2]]).toEqual([c.domain ?? '', c.path]);
        expect(match![2]!.length).toBeLessThanOrEqual(255);
      }
      ported(c.test);
      return;
    }
    if (c.fn === 'ParseNamed') {
      // ParseNormalizedNamed, then "is the input already canonical?".
      const ours = attempt(() => parseImageReference(c.input));
      if (c.err && /must be canonical/.test(c.err)) {
        expect('value' in ours && ours.value.name).not.toBe(c.input);
      } else if (c.err) expect(ours).toEqual({ kind: goErrorKind(c.err) });
      else
        expect('value' in ours && [ours.value.registry, ours.value.repository]).toEqual([
          c.domain,
          c.path,
        ]);
      ported(c.test);
      return;
    }
    if (c.fn === 'ParseAnyReference' && c.type === 'digest') {
      // A bare digest or image ID: the kubelet parses images with ParseNormalizedNamed, and so
      // does PullKey; there is no "any reference" parser to compare.
      counts.noEquivalent++;
      return;
    }
    const ours = attempt(() => parseImageReference(c.input));
    if (!c.err && !c.domain && 'kind' in ours) {
      // Upstream reads an invalid would-be host as a path ("ex_ample.com/a", no domain);
      // PullKey refuses it because it must name a registry host.
      expect(ours.kind).toBe('format');
      counts.differentOnPurpose++;
      return;
    }
    if (c.err) {
      expect(ours).toEqual({ kind: goErrorKind(c.err) });
    } else if (c.fn === 'ParseDockerRef') {
      expect('value' in ours && canonicalReference(ours.value)).toBe(c.string);
    } else {
      expect(ours).toEqual({
        value: {
          registry: c.domain,
          repository: c.path,
          tag: c.tag ?? null,
          digest: c.digest ?? null,
          name: c.name,
        },
      });
    }
    ported(c.test);
  });
});
