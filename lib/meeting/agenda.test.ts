import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AgendaError,
  STAGE_KINDS,
  addStage,
  defaultAgenda,
  dropStage,
  moveStage,
  parseStoredAgenda,
  renameStage,
  setStageMinutes,
  totalMinutes,
  validateAgenda,
} from './agenda';

describe('defaultAgenda', () => {
  it('has the nine stages of a refinement meeting in order, adding up to about an hour', () => {
    const agenda = defaultAgenda();
    assert.deepEqual(
      agenda.map((s) => s.title),
      ['Vision', 'Roadmap', 'Tail', 'New items', 'Re-sort', 'Split', 'Dependencies', 'Re-sort again', 'Ready check'],
    );
    assert.equal(totalMinutes(agenda), 60);
    assert.equal(new Set(agenda.map((s) => s.id)).size, 9, 'ids are unique');
    assert.deepEqual(new Set(agenda.map((s) => s.kind)), new Set(STAGE_KINDS), 'every kind is used');
  });

  it('returns a fresh copy each time', () => {
    const a = defaultAgenda();
    a[0].minutes = 99;
    assert.equal(defaultAgenda()[0].minutes, 3);
  });
});

describe('agenda editing', () => {
  it('moves a stage, clamping the target index', () => {
    const moved = moveStage(defaultAgenda(), 'ready-check', 0);
    assert.equal(moved[0].id, 'ready-check');
    assert.equal(moved.length, 9);
    assert.equal(moveStage(defaultAgenda(), 'vision', 99).at(-1)!.id, 'vision');
    assert.equal(moveStage(defaultAgenda(), 'vision', -5)[0].id, 'vision');
  });

  it('drops a stage but never the last one', () => {
    const dropped = dropStage(defaultAgenda(), 'roadmap');
    assert.equal(dropped.length, 8);
    assert.ok(!dropped.some((s) => s.id === 'roadmap'));
    assert.throws(() => dropStage([defaultAgenda()[0]], 'vision'), AgendaError);
    assert.throws(() => dropStage(defaultAgenda(), 'nope'), /No stage/);
  });

  it('edits timeboxes within limits and rounds them', () => {
    const agenda = setStageMinutes(defaultAgenda(), 'tail', 12.4);
    assert.equal(agenda.find((s) => s.id === 'tail')!.minutes, 12);
    assert.equal(totalMinutes(agenda), 65);
    assert.throws(() => setStageMinutes(defaultAgenda(), 'tail', 0), /timebox/);
    assert.throws(() => setStageMinutes(defaultAgenda(), 'tail', Number.NaN), /timebox/);
    assert.throws(() => setStageMinutes(defaultAgenda(), 'tail', 1000), /timebox/);
  });

  it('renames a stage with a trimmed, non-empty title', () => {
    assert.equal(renameStage(defaultAgenda(), 'vision', '  Why we exist ')[0].title, 'Why we exist');
    assert.throws(() => renameStage(defaultAgenda(), 'vision', '   '), AgendaError);
  });

  it('adds a stage back with a fresh id', () => {
    const agenda = addStage(defaultAgenda(), 'resort', 2);
    assert.equal(agenda[2].id, 'resort-3');
    assert.equal(agenda[2].kind, 'resort');
    assert.equal(addStage(dropStage(defaultAgenda(), 'vision'), 'vision', 0)[0].id, 'vision');
  });
});

describe('validateAgenda', () => {
  it('accepts the default and normalizes titles', () => {
    const agenda = defaultAgenda();
    agenda[0].title = '  Vision  ';
    assert.equal(validateAgenda(agenda)[0].title, 'Vision');
  });

  it('refuses empty agendas, duplicate ids, unknown kinds and bad ids', () => {
    assert.throws(() => validateAgenda([]), /at least one/);
    const dup = defaultAgenda();
    dup[1].id = dup[0].id;
    assert.throws(() => validateAgenda(dup), /twice/);
    assert.throws(() => validateAgenda([{ id: 'x', kind: 'party' as never, title: 'X', minutes: 3 }]), /Unknown stage kind/);
    assert.throws(() => validateAgenda([{ id: 'a b', kind: 'vision', title: 'X', minutes: 3 }]), /Invalid stage id/);
    for (const id of ['__proto__', 'constructor', 'toString']) {
      assert.throws(() => validateAgenda([{ id, kind: 'vision', title: 'X', minutes: 3 }]), /Invalid stage id/, id);
    }
  });

  it('parses a stored agenda, or gives null for one that does not fit', () => {
    assert.deepEqual(parseStoredAgenda(defaultAgenda()), defaultAgenda());
    assert.equal(parseStoredAgenda({}), null);
    assert.equal(parseStoredAgenda([{ id: 'x' }]), null);
  });
});
