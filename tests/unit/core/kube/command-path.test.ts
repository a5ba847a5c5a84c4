/**
 * Commands named without a folder are found on PATH only, never in the working directory (Go's
 * exec.LookPath since 1.19, which kubectl and docker use). Windows rules run here on Linux.
 */
import { chmod, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandCandidates, commandSearch, resolveCommand } from '@core/kube/command-path';

const windows = (PATH: string, PATHEXT?: string) =>
  commandSearch({ Path: PATH, ...(PATHEXT ? { PathExt: PATHEXT } : {}) }, 'win32');

describe('command resolution on Windows', () => {
  it('tries PATHEXT in each absolute PATH entry, never ".", a relative or an empty entry', () => {
    const search = windows(
      '.;C:\\tools;;bin;"C:\\Program Files\\aws";\\\\server\\share',
      '.EXE;cmd',
    );
    expect(commandCandidates('kubelogin', search)).toEqual([
      'C:\\tools\\kubelogin.exe',
      'C:\\tools\\kubelogin.cmd',
      'C:\\Program Files\\aws\\kubelogin.exe',
      'C:\\Program Files\\aws\\kubelogin.cmd',
      '\\\\server\\share\\kubelogin.exe',
      '\\\\server\\share\\kubelogin.cmd',
    ]);
  });

  it("uses Go's default extensions, and a name with an extension as is first", () => {
    expect(commandCandidates('helper.exe', windows('C:\\bin'))).toEqual([
      'C:\\bin\\helper.exe',
      'C:\\bin\\helper.exe.com',
      'C:\\bin\\helper.exe.exe',
      'C:\\bin\\helper.exe.bat',
      'C:\\bin\\helper.exe.cmd',
    ]);
  });

  it('picks the PATH match even when the working directory holds one', () => {
    const present = new Set(['kubelogin.exe', '.\\kubelogin.exe', 'D:\\later\\kubelogin.exe']);
    const search = windows('.;C:\\first;D:\\later');
    expect(resolveCommand('kubelogin', search, (file) => present.has(file))).toBe(
      'D:\\later\\kubelogin.exe',
    );
    expect(resolveCommand('kubelogin', windows('.;;C:\\none'), (file) => present.has(file))).toBe(
      null,
    );
  });

  it('takes an absolute name as is, and never a relative one with a folder', () => {
    expect(commandCandidates('C:\\tools\\plugin.exe', windows('C:\\x'))[0]).toBe(
      'C:\\tools\\plugin.exe',
    );
    expect(commandCandidates('.\\plugin', windows('C:\\x'))).toEqual([]);
    expect(commandCandidates('sub/plugin', windows('C:\\x'))).toEqual([]);
  });
});

describe('command resolution on Linux and macOS', () => {
  it('looks in absolute PATH entries only', () => {
    const search = commandSearch({ PATH: '/usr/local/bin::.:bin:/usr/bin' }, 'linux');
    expect(commandCandidates('aws', search)).toEqual(['/usr/local/bin/aws', '/usr/bin/aws']);
    expect(commandCandidates('./aws', search)).toEqual([]);
    expect(commandCandidates('/opt/aws', search)).toEqual(['/opt/aws']);
  });

  it('finds a real executable file, skipping a folder and a file that is not executable', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'pk-command-'));
    const notExecutable = path.join(root, 'a');
    const folder = path.join(root, 'b');
    const good = path.join(root, 'c');
    for (const dir of [notExecutable, folder, good]) await mkdir(dir);
    await writeFile(path.join(notExecutable, 'tool'), '#!/bin/sh\n');
    await mkdir(path.join(folder, 'tool'));
    await writeFile(path.join(good, 'tool'), '#!/bin/sh\n');
    await chmod(path.join(good, 'tool'), 0o755);
    const search = commandSearch({ PATH: [notExecutable, folder, good].join(':') }, 'linux');
    expect(resolveCommand('tool', search)).toBe(path.join(good, 'tool'));
    // The same folder named relative to the working directory is not searched.
    const relative = commandSearch({ PATH: path.relative(process.cwd(), good) }, 'linux');
    expect(resolveCommand('tool', relative)).toBeNull();
  });
});
