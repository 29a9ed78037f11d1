import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADD_POSITION_STORAGE_KEY, loadAddPosition, saveAddPosition } from './add-position';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('add position', () => {
  it('defaults to the bottom, so a new idea does not push the Ready runway down', () => {
    assert.equal(loadAddPosition(memoryStorage()), 'bottom');
    assert.equal(loadAddPosition(null), 'bottom');
  });

  it('remembers the choice, and reads anything else as the bottom', () => {
    const storage = memoryStorage();
    saveAddPosition('top', storage);
    assert.equal(loadAddPosition(storage), 'top');
    saveAddPosition('bottom', storage);
    assert.equal(loadAddPosition(storage), 'bottom');
    storage.setItem(ADD_POSITION_STORAGE_KEY, 'middle');
    assert.equal(loadAddPosition(storage), 'bottom');
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    assert.equal(loadAddPosition(broken), 'bottom');
    assert.doesNotThrow(() => saveAddPosition('top', broken));
  });
});
