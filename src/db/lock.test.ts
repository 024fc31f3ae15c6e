// A second process on the same embedded data directory gets a clear error; a crashed owner's lock is taken over.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

const lockModule = fileURLToPath(new URL('./lock.ts', import.meta.url));

test('a second process cannot open a data directory in use', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'passerelle-lock-'));
  // Another process takes the lock and holds it until told to stop.
  const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)}); acquireDataDirLock(${JSON.stringify(dir)}); console.log('locked'); setTimeout(() => {}, 60000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()));
  try {
    assert.throws(() => acquireDataDirLock(dir), (err: unknown) => err instanceof DataDirLockedError && err.pid === holder.pid && /in use by another Passerelle process/.test(err.message));
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
  }
  // The holder died without releasing: its stale lock is taken over.
  const lock = acquireDataDirLock(dir);
  lock.release();
});

test('a lock file left by a dead process does not block a restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'passerelle-lock-'));
  writeFileSync(path.join(dir, 'passerelle.lock'), '999999999');
  const lock = acquireDataDirLock(dir);
  lock.release();
});
