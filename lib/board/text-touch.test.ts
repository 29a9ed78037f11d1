import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { TEXT_TOUCH_INTERVAL_MS, createItem, touchTextOwner } from './mutations';
import { getItemMap, getMetaMap, readItem, readItemText, writeItemField } from './schema';

/** An item last updated an hour ago, as the card said "updated 60 min ago" before a title edit. */
function staleItem() {
  const doc = new Y.Doc();
  const id = createItem(doc, { title: 'Checkout', kind: 'story', position: { at: 'bottom' } });
  const item = getItemMap(doc, id)!;
  writeItemField(item, 'updatedAt', Date.now() - 3_600_000);
  return { doc, id, item };
}

describe('typing in an item is an update (touchTextOwner)', () => {
  it('marks the item changed when its title or description text is edited', () => {
    for (const field of ['title', 'description'] as const) {
      const { doc, item } = staleItem();
      const text = readItemText(item, field)!;
      const now = Date.now();
      doc.transact(() => {
        text.insert(0, 'New ');
        touchTextOwner(text, now);
      });
      assert.equal(readItem(item).updatedAt, now, field);
    }
  });

  it('writes at most once per interval while someone keeps typing', () => {
    const { doc, item } = staleItem();
    const text = readItemText(item, 'title')!;
    const t0 = Date.now();
    touchTextOwner(text, t0);
    let writes = 0;
    item.observe((event) => {
      if (event.keysChanged.has('updatedAt')) writes++;
    });
    doc.transact(() => touchTextOwner(text, t0 + 1_000));
    assert.equal(writes, 0);
    assert.equal(readItem(item).updatedAt, t0);
    doc.transact(() => touchTextOwner(text, t0 + TEXT_TOUCH_INTERVAL_MS));
    assert.equal(writes, 1);
    assert.equal(readItem(item).updatedAt, t0 + TEXT_TOUCH_INTERVAL_MS);
  });

  it('leaves any text that is not an item field alone', () => {
    const doc = new Y.Doc();
    const vision = new Y.Text('Our vision');
    getMetaMap(doc).set('vision', vision);
    const before = Y.encodeStateAsUpdate(doc).length;
    touchTextOwner(vision);
    touchTextOwner(new Y.Text('detached'));
    assert.equal(Y.encodeStateAsUpdate(doc).length, before);
  });
});
