/** Reads each runner's JSON report into one shape: counts plus named skips and failures. */
import { readFile } from 'node:fs/promises';

export interface LayerResult {
  passed: number;
  failed: number;
  skipped: number;
  skips: Array<{ name: string; reason: string }>;
  failures: string[];
}

export function emptyResult(): LayerResult {
  return { passed: 0, failed: 0, skipped: 0, skips: [], failures: [] };
}

interface VitestReport {
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ fullName: string; status: string }>;
  }>;
}

export async function readVitestReport(file: string): Promise<LayerResult> {
  const report = JSON.parse(await readFile(file, 'utf8')) as VitestReport;
  const result = emptyResult();
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      result.failed += 1;
      result.failures.push(`${suite.name}: ${suite.message ?? 'failed to load'}`);
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'passed') result.passed += 1;
      else if (test.status === 'failed') {
        result.failed += 1;
        result.failures.push(test.fullName);
      } else {
        result.skipped += 1;
        result.skips.push({ name: test.fullName, reason: test.status });
      }
    }
  }
  return result;
}

interface PlaywrightSuite {
  title: string;
  specs?: Array<{
    title: string;
    tests: Array<{
      projectName: string;
      status: 'expected' | 'unexpected' | 'skipped' | 'flaky';
      annotations: Array<{ type: string; description?: string }>;
    }>;
  }>;
  suites?: PlaywrightSuite[];
}

export async function readPlaywrightReport(file: string): Promise<LayerResult> {
  const report = JSON.parse(await readFile(file, 'utf8')) as {
    suites: PlaywrightSuite[];
    errors?: Array<{ message?: string }>;
  };
  const result = emptyResult();
  const visit = (suite: PlaywrightSuite, trail: string[]) => {
    const path = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const name = `[${test.projectName}] ${[...path, spec.title].join(' › ')}`;
        if (test.status === 'expected' || test.status === 'flaky') result.passed += 1;
        else if (test.status === 'unexpected') {
          result.failed += 1;
          result.failures.push(name);
        } else {
          result.skipped += 1;
          // test.skip(…, reason) and test.fixme (a known defect; its reason, if it gives one).
          const annotation = test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
          const reason =
            annotation?.description ??
            (annotation?.type === 'fixme' ? 'fixme: a known defect, not fixed yet' : 'skipped');
          result.skips.push({ name, reason });
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, path);
  };
  for (const suite of report.suites) visit(suite, []);
  for (const error of report.errors ?? []) {
    result.failed += 1;
    result.failures.push(`playwright: ${error.message ?? 'error'}`);
  }
  return result;
}

/** `go test -json` events, one per line; top-level tests are counted, subtests are not. */
export async function readGoTestReport(file: string): Promise<LayerResult> {
  const result = emptyResult();
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.startsWith('{'));
  const output = new Map<string, string[]>();
  const packagesWithFailedTests = new Set<string>();
  for (const line of lines) {
    const event = JSON.parse(line) as {
      Action: string;
      Test?: string;
      Package: string;
      Output?: string;
    };
    if (!event.Test) {
      if (event.Action === 'fail' && !packagesWithFailedTests.has(event.Package)) {
        result.failed += 1;
        result.failures.push(`${event.Package} (package failed to build or run)`);
      }
      continue;
    }
    const name = `${event.Package} ${event.Test}`;
    if (event.Action === 'output') {
      output.set(name, [...(output.get(name) ?? []), event.Output ?? '']);
    }
    if (event.Test.includes('/')) continue;
    if (event.Action === 'pass') result.passed += 1;
    if (event.Action === 'fail') {
      result.failed += 1;
      result.failures.push(name);
      packagesWithFailedTests.add(event.Package);
    }
    if (event.Action === 'skip') {
      result.skipped += 1;
      const reason = (output.get(name) ?? []).find((text) => /\.go:\d+:/.test(text))?.trim();
      result.skips.push({ name, reason: reason ?? 'skipped' });
    }
  }
  return result;
}
