import { describe, expect, it } from 'vitest';
import {
  exerciseKey,
  exportProgress,
  importProgress,
  loadProgress,
  maxAttemptsPerExercise,
  migrate,
  pageKeyFromPath,
  progressStorageKey,
  recordAttempt,
  resetProgress,
  summariseExercise,
  unreadableBackupKey,
  type Attempt,
  type KeyValueStorage,
} from '../../src/components/progress/store';

/** An in-memory Web Storage; `quota` (characters) makes setItem throw as a full browser storage does. */
function memoryStorage(quota = Infinity) {
  const items = new Map<string, string>();
  const storage: KeyValueStorage & { items: Map<string, string> } = {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      const used = [...items].reduce((sum, [k, v]) => sum + (k === key ? 0 : k.length + v.length), 0);
      if (used + key.length + value.length > quota) {
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      }
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
  };
  return storage;
}

const throwingStorage: KeyValueStorage = {
  getItem: () => {
    throw new Error('SecurityError: access denied');
  },
  setItem: () => {
    throw new Error('SecurityError: access denied');
  },
  removeItem: () => {
    throw new Error('SecurityError: access denied');
  },
};

const key = exerciseKey('chapters/adversarial-game', 'ex-1-2');
const wrong: Attempt = { answer: '-1.2', verdict: 'incorrect', at: '2026-11-30T10:00:00.000Z' };
const right: Attempt = { answer: '-1.1828', verdict: 'correct', at: '2026-11-30T10:01:00.000Z' };

describe('exercise keys', () => {
  it('name the page and the exercise, whatever form the address takes', () => {
    expect(pageKeyFromPath('/chapters/adversarial-game/')).toBe('chapters/adversarial-game');
    expect(pageKeyFromPath('/chapters/adversarial-game/index.html')).toBe('chapters/adversarial-game');
    expect(pageKeyFromPath('/chapters/adversarial-game')).toBe('chapters/adversarial-game');
    expect(key).toBe('chapters/adversarial-game#ex-1-2');
  });
});

describe('saving attempts', () => {
  it('keeps every attempt, oldest first, and summarises them', () => {
    const storage = memoryStorage();
    expect(recordAttempt(storage, key, right).saved).toBe(true);
    expect(recordAttempt(storage, key, wrong).saved).toBe(true);
    const { progress, problem } = loadProgress(storage);
    expect(problem).toBeUndefined();
    expect(progress.attempts[key]).toEqual([wrong, right]);
    expect(summariseExercise(progress, key)).toEqual({ attempts: 2, right: 1, wrong: 1, last: right });
    expect(JSON.parse(storage.items.get(progressStorageKey)!).version).toBe(1);
  });

  it('re-reads before writing, so attempts saved by another tab are kept', () => {
    const storage = memoryStorage();
    recordAttempt(storage, key, wrong);
    // "Another tab" writes straight into the storage.
    const other = exerciseKey('chapters/distances', 'ex-2-1');
    storage.setItem(
      progressStorageKey,
      JSON.stringify({ version: 1, attempts: { [key]: [wrong], [other]: [right] } }),
    );
    recordAttempt(storage, key, right);
    expect(Object.keys(loadProgress(storage).progress.attempts).sort()).toEqual([key, other].sort());
  });

  it('keeps at most maxAttemptsPerExercise attempts per exercise, dropping the oldest', () => {
    const storage = memoryStorage();
    for (let i = 0; i < maxAttemptsPerExercise + 5; i++) {
      recordAttempt(storage, key, { ...wrong, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), answer: String(i) });
    }
    const list = loadProgress(storage).progress.attempts[key];
    expect(list).toHaveLength(maxAttemptsPerExercise);
    expect(list[0].answer).toBe('5');
  });

  it('reports full storage without throwing and leaves what was saved', () => {
    const storage = memoryStorage(200);
    expect(recordAttempt(storage, key, wrong).saved).toBe(true);
    const before = storage.items.get(progressStorageKey);
    const result = recordAttempt(storage, key, { ...right, answer: 'x'.repeat(300) });
    expect(result).toMatchObject({ saved: false, problem: 'full' });
    expect(storage.items.get(progressStorageKey)).toBe(before);
  });

  it('reports storage that throws, or is missing, as unavailable without throwing', () => {
    expect(loadProgress(throwingStorage).problem).toBe('unavailable');
    expect(recordAttempt(throwingStorage, key, right)).toMatchObject({ saved: false, problem: 'unavailable' });
    expect(recordAttempt(null, key, right)).toMatchObject({ saved: false, problem: 'unavailable' });
    expect(resetProgress(throwingStorage)).toBe(false);
  });

  it('never overwrites data saved by a newer version of the site', () => {
    const storage = memoryStorage();
    const newer = JSON.stringify({ version: 2, attempts: {}, somethingNew: true });
    storage.setItem(progressStorageKey, newer);
    expect(loadProgress(storage).problem).toBe('newer');
    expect(recordAttempt(storage, key, right)).toMatchObject({ saved: false, problem: 'newer' });
    expect(storage.items.get(progressStorageKey)).toBe(newer);
  });

  it('keeps unreadable data aside before the first write replaces it', () => {
    const storage = memoryStorage();
    storage.setItem(progressStorageKey, '{not json');
    expect(loadProgress(storage).problem).toBe('unreadable');
    expect(recordAttempt(storage, key, right).saved).toBe(true);
    expect(storage.items.get(unreadableBackupKey)).toBe('{not json');
    expect(loadProgress(storage).progress.attempts[key]).toEqual([right]);
  });

  it('reset forgets everything', () => {
    const storage = memoryStorage();
    recordAttempt(storage, key, right);
    expect(resetProgress(storage)).toBe(true);
    expect(loadProgress(storage).progress.attempts).toEqual({});
  });
});

describe('migration', () => {
  it('lifts the unversioned layout (the last attempt per exercise) to version 1', () => {
    const version0 = {
      [key]: { answer: '-1.1828', correct: true, time: Date.UTC(2026, 10, 1, 12) },
      'chapters/distances#ex-2-7': { answer: 'It settles on one bump and ignores the other', correct: false, time: 0 },
    };
    const result = migrate(version0);
    expect(result).toEqual({
      ok: true,
      progress: {
        version: 1,
        attempts: {
          [key]: [{ answer: '-1.1828', verdict: 'correct', at: '2026-11-01T12:00:00.000Z' }],
          'chapters/distances#ex-2-7': [
            { answer: 'It settles on one bump and ignores the other', verdict: 'incorrect', at: '1970-01-01T00:00:00.000Z' },
          ],
        },
      },
    });
  });

  it('reads version-0 data found in the storage, and writes it back as version 1 on the next attempt', () => {
    const storage = memoryStorage();
    storage.setItem(progressStorageKey, JSON.stringify({ [key]: { answer: '-1.2', correct: false, time: Date.parse(wrong.at) } }));
    expect(loadProgress(storage).progress.attempts[key]).toEqual([wrong]);
    recordAttempt(storage, key, right);
    expect(JSON.parse(storage.items.get(progressStorageKey)!)).toEqual({ version: 1, attempts: { [key]: [wrong, right] } });
  });

  it('rejects what it cannot read, saying why', () => {
    expect(migrate([1, 2])).toMatchObject({ ok: false });
    expect(migrate({ version: 'one' })).toMatchObject({ ok: false, newer: false });
    expect(migrate({ version: 7, attempts: {} })).toMatchObject({ ok: false, newer: true });
    expect(migrate({ [key]: { answer: 3, correct: true, time: 0 } })).toMatchObject({ ok: false });
  });
});

describe('export and import', () => {
  it('round trip: export, clear, import restores every attempt', () => {
    const storage = memoryStorage();
    recordAttempt(storage, key, wrong);
    recordAttempt(storage, key, right);
    recordAttempt(storage, exerciseKey('chapters/f-gan', 'ex-4-6'), { answer: '$v$', verdict: 'correct', at: right.at });
    const saved = loadProgress(storage).progress;
    const file = exportProgress(saved, new Date('2026-11-30T12:00:00Z'));
    expect(JSON.parse(file)).toMatchObject({ format: 'saddle-point-progress', version: 1, exportedAt: '2026-11-30T12:00:00.000Z' });

    resetProgress(storage);
    const result = importProgress(storage, file);
    expect(result).toMatchObject({ ok: true, added: 3 });
    expect(loadProgress(storage).progress).toEqual(saved);
    // Importing the same file again adds nothing.
    expect(importProgress(storage, file)).toMatchObject({ ok: true, added: 0 });
    expect(loadProgress(storage).progress).toEqual(saved);
  });

  it('import adds to what is saved and removes nothing', () => {
    const storage = memoryStorage();
    recordAttempt(storage, key, wrong);
    const other = memoryStorage();
    recordAttempt(other, key, right);
    importProgress(storage, exportProgress(loadProgress(other).progress));
    expect(loadProgress(storage).progress.attempts[key]).toEqual([wrong, right]);
  });

  it.each([
    ['not JSON', 'hello', /not a JSON file/],
    ['another JSON file', '{"name": "saddle-point", "version": "0.1.0"}', /not a Saddle Point progress file/],
    ['a file from a newer site', JSON.stringify({ format: 'saddle-point-progress', version: 9, attempts: {} }), /newer version/],
    [
      'an attempt without a verdict',
      JSON.stringify({ format: 'saddle-point-progress', version: 1, attempts: { [key]: [{ answer: '1', at: wrong.at }] } }),
      /Attempt 1 at chapters\/adversarial-game#ex-1-2/,
    ],
    [
      'an attempt with a bad time',
      JSON.stringify({ format: 'saddle-point-progress', version: 1, attempts: { [key]: [{ ...wrong, at: 'yesterday' }] } }),
      /no valid time/,
    ],
    ['a key that is not an exercise', JSON.stringify({ format: 'saddle-point-progress', version: 1, attempts: { '<script>': [] } }), /not an exercise/],
  ])('rejects %s with a clear sentence and leaves the storage untouched', (_name, text, message) => {
    const storage = memoryStorage();
    recordAttempt(storage, key, wrong);
    const before = storage.items.get(progressStorageKey);
    const result = importProgress(storage, text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^This file was not imported, and nothing saved was changed\./);
      expect(result.message).toMatch(message);
    }
    expect(storage.items.get(progressStorageKey)).toBe(before);
  });

  it('a file too large for the storage is refused and nothing changes', () => {
    const storage = memoryStorage(400);
    recordAttempt(storage, key, wrong);
    const before = storage.items.get(progressStorageKey);
    const big = memoryStorage();
    for (let i = 0; i < 20; i++) recordAttempt(big, key, { ...right, at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
    const result = importProgress(storage, exportProgress(loadProgress(big).progress));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toMatch(/full/);
    expect(storage.items.get(progressStorageKey)).toBe(before);
  });
});
