'use client';

import { useState, type FormEvent } from 'react';
import type { Attachment } from '@/lib/board/item-entries';
import { btnSecondary, input, hint, sectionTitle } from '../ui/styles';
import { Refusal } from '../ui/Refusal';

const MAX_BYTES = 2 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Our own upload URLs need this client's key to be read; outside links are shown as they are. */
function viewUrl(url: string, boardKey: string): string {
  return url.startsWith('/api/') ? `${url}?key=${encodeURIComponent(boardKey)}` : url;
}

export function AttachmentsSection(props: {
  attachments: Attachment[];
  boardId: string;
  boardKey: string;
  canEdit: boolean;
  onAdd: (input: { kind: 'link' | 'image'; url: string; title?: string; contentType?: string | null }) => void;
  onRemove: (id: string) => void;
}) {
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addLink = (e: FormEvent) => {
    e.preventDefault();
    try {
      const parsed = new URL(url.trim());
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
    } catch {
      return setError('Enter an http(s) link');
    }
    props.onAdd({ kind: 'link', url: url.trim(), title: title.trim() || undefined });
    setUrl('');
    setTitle('');
    setError(null);
  };

  const upload = async (file: File) => {
    if (!TYPES.includes(file.type)) return setError('Only PNG, JPEG, GIF or WebP images');
    if (file.size > MAX_BYTES) return setError('Images may be at most 2 MiB');
    setBusy(true);
    try {
      const res = await fetch(`/api/boards/${encodeURIComponent(props.boardId)}/attachments?key=${encodeURIComponent(props.boardKey)}`, {
        method: 'POST',
        headers: { 'Content-Type': file.type },
        body: file,
      });
      const body = (await res.json()) as { url?: string; contentType?: string; error?: string };
      if (!res.ok || !body.url) throw new Error(body.error ?? `upload failed (${res.status})`);
      props.onAdd({ kind: 'image', url: body.url, title: file.name, contentType: body.contentType ?? file.type });
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'upload failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="attachments-heading" data-testid="attachments">
      <h3 id="attachments-heading" className={sectionTitle}>
        Attachments
      </h3>
      <ul className="mt-1 space-y-2">
        {props.attachments.map((a) => (
          <li key={a.id} className="flex items-start gap-2 text-sm" data-testid="attachment">
            {a.kind === 'image' ? (
              <a href={viewUrl(a.url, props.boardKey)} target="_blank" rel="noreferrer noopener">
                <img src={viewUrl(a.url, props.boardKey)} alt={a.title} className="max-h-32 rounded border border-slate-300" />
              </a>
            ) : (
              <a href={a.url} target="_blank" rel="noreferrer noopener nofollow" className="text-indigo-700 underline dark:text-indigo-300">
                {a.title}
              </a>
            )}
            {props.canEdit && (
              <button
                type="button"
                className={`${hint} ml-auto`}
                onClick={() => props.onRemove(a.id)}
                aria-label={`Remove attachment ${a.title}`}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.canEdit && (
        <>
          <form onSubmit={addLink} className="mt-1 flex flex-wrap gap-2">
            <input
              className={`${input} flex-1`}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…"
              aria-label="Link URL"
              data-testid="link-url"
            />
            <input
              className={`${input} w-32`}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="Title"
              aria-label="Link title"
            />
            <button type="submit" className={btnSecondary} data-testid="link-add">
              Add link
            </button>
          </form>
          <label className={`${btnSecondary} mt-2 inline-flex cursor-pointer items-center`}>
            {busy ? 'Uploading…' : 'Upload image'}
            <input
              type="file"
              accept={TYPES.join(',')}
              className="sr-only"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
                e.target.value = '';
              }}
              data-testid="image-upload"
            />
          </label>
        </>
      )}
      <Refusal message={error} />
    </section>
  );
}
