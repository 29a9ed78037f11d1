'use client';

import { useState } from 'react';
import { parseSplitTitles } from '@/lib/refinement/split';
import { btnSecondary, hint, sectionTitle } from '../ui/styles';

/** Split into children: one title per line. */
export function SplitItemForm({ onSplit }: { onSplit: (titles: string[]) => void }) {
  const [text, setText] = useState('');
  const titles = parseSplitTitles(text);
  return (
    <section aria-labelledby="split-heading" data-testid="split-form">
      <h3 id="split-heading" className={sectionTitle}>
        Split into smaller items
      </h3>
      <textarea
        className="mt-1 w-full rounded-lg border border-slate-300 bg-white p-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={'One title per line\nPay by card\nPay by invoice'}
        aria-label="Child titles, one per line"
        data-testid="split-input"
      />
      <div className="flex items-center gap-2">
        <button
          type="button"
          className={btnSecondary}
          disabled={titles.length === 0}
          onClick={() => {
            onSplit(titles);
            setText('');
          }}
          data-testid="split-submit"
        >
          Split into {titles.length}
        </button>
        <span className={hint}>Children are ranked right after this item.</span>
      </div>
    </section>
  );
}
