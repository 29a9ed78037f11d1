'use client';

import { forwardRef, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import type { ItemFilter } from '@/lib/board/filter';
import type { ItemPosition } from '@/lib/board/mutations';
import { ITEM_KINDS, MAX_TITLE_LENGTH, type ItemKind } from '@/lib/board/schema';
import { type AddPosition, loadAddPosition, saveAddPosition } from '@/lib/client/add-position';
import { CloseIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { field, fieldButton } from '../ui/styles';
import { KindOptions } from '../ui/KindOptions';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';
import { useMediaQuery } from '../ui/use-media-query';

export interface BoardToolbarHandle {
  focusAdd(): void;
  focusSearch(): void;
}

/** Search and kind filter, and the "add item" form (top, bottom, or below a chosen card). */
export const BoardToolbar = forwardRef<
  BoardToolbarHandle,
  {
    canEdit: boolean;
    filter: ItemFilter;
    onFilterChange(filter: ItemFilter): void;
    insertAfter: { id: string; title: string } | null;
    onClearInsertAfter(): void;
    onAdd(title: string, kind: ItemKind, position: ItemPosition): boolean;
    shownCount: number;
    totalCount: number;
  }
>(function BoardToolbar(props, ref) {
  const { canEdit, filter, onFilterChange, insertAfter } = props;
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ItemKind>('story');
  // The bottom unless this person chose the top before (remembered in this browser).
  const [where, setWhere] = useState<AddPosition>(loadAddPosition);
  // Keyboard hints mean nothing on a touch screen.
  const touch = useMediaQuery('(pointer: coarse)');
  const addRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(ref, () => ({
    focusAdd: () => addRef.current?.focus(),
    focusSearch: () => searchRef.current?.focus(),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    const position: ItemPosition = insertAfter ? { after: insertAfter.id } : { at: where };
    if (props.onAdd(title, kind, position)) {
      setTitle('');
      addRef.current?.focus();
    }
  }

  function toggleKind(k: ItemKind) {
    const kinds = filter.kinds.includes(k) ? filter.kinds.filter((x) => x !== k) : [...filter.kinds, k];
    onFilterChange({ ...filter, kinds });
  }

  return (
    <div className="space-y-3 border-b border-slate-200 bg-slate-50/90 px-3 py-3 backdrop-blur sm:px-4 dark:border-slate-800 dark:bg-slate-950/90">
      {canEdit && (
        <form onSubmit={submit} className="flex flex-wrap items-center gap-2" aria-label="Add item">
          <div className="relative min-w-0 basis-full sm:basis-auto sm:flex-[1_1_16rem]">
            <label htmlFor="new-item-title" className="sr-only">
              New item title
            </label>
            <input
              id="new-item-title"
              ref={addRef}
              value={title}
              maxLength={MAX_TITLE_LENGTH}
              onChange={(event) => setTitle(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  if (insertAfter) props.onClearInsertAfter();
                  (event.target as HTMLInputElement).blur();
                }
              }}
              placeholder={insertAfter ? `New item below “${insertAfter.title}”` : touch ? 'Add an item…' : 'Add an item… (N)'}
              className={`${field} w-full`}
              autoComplete="off"
            />
          </div>
          <label htmlFor="new-item-kind" className="sr-only">
            Kind
          </label>
          <select
            id="new-item-kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ItemKind)}
            className={`${field} w-auto`}
          >
            <KindOptions />
          </select>
          {insertAfter ? (
            <span
              className="inline-flex h-10 max-w-48 items-center gap-1 rounded-lg bg-indigo-50 pr-1 pl-3 text-sm text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
              data-testid="insert-after"
            >
              <span className="truncate">Below “{insertAfter.title}”</span>
              <button
                type="button"
                onClick={props.onClearInsertAfter}
                aria-label="Add at top or bottom instead"
                className="rounded p-1 hover:bg-indigo-100 dark:hover:bg-indigo-900"
              >
                <CloseIcon />
              </button>
            </span>
          ) : (
            <>
              <label htmlFor="new-item-where" className="sr-only">
                Position
              </label>
              <select
                id="new-item-where"
                value={where}
                onChange={(event) => {
                  const chosen = event.target.value === 'top' ? 'top' : 'bottom';
                  setWhere(chosen);
                  saveAddPosition(chosen);
                }}
                className={`${field} w-auto`}
              >
                <option value="bottom">At bottom</option>
                <option value="top">At top</option>
              </select>
            </>
          )}
          <button type="submit" className={`${fieldButton} ml-auto sm:ml-0`} disabled={!title.trim()}>
            <PlusIcon />
            Add item
          </button>
        </form>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-36 basis-full sm:basis-auto sm:flex-[1_1_12rem]">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-500" />
          <label htmlFor="board-search" className="sr-only">
            Search items
          </label>
          <input
            id="board-search"
            ref={searchRef}
            type="search"
            value={filter.text}
            onChange={(event) => onFilterChange({ ...filter, text: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                onFilterChange({ ...filter, text: '' });
                (event.target as HTMLInputElement).blur();
              }
            }}
            placeholder={touch ? 'Search…' : 'Search… (/)'}
            className={`${field} h-9 w-full pl-9`}
            autoComplete="off"
          />
        </div>
        <div role="group" aria-label="Filter by kind" className="flex flex-wrap gap-1">
          {ITEM_KINDS.map((k) => {
            const on = filter.kinds.includes(k);
            return (
              <button
                key={k}
                type="button"
                aria-pressed={on}
                onClick={() => toggleKind(k)}
                className={`h-8 shrink-0 rounded-full px-3 text-xs font-semibold transition ${
                  on
                    ? `${KIND_BADGE[k]} ring-2 ring-current`
                    : 'bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800'
                }`}
              >
                {KIND_LABEL[k]}
              </button>
            );
          })}
        </div>
        {props.shownCount !== props.totalCount && (
          <p className="text-xs font-medium text-slate-600 dark:text-slate-400" role="status" data-testid="filter-count">
            {props.shownCount} of {props.totalCount} shown ·{' '}
            <button type="button" className="underline" onClick={() => onFilterChange({ text: '', kinds: [] })}>
              clear
            </button>
          </p>
        )}
      </div>
    </div>
  );
});
