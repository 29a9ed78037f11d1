'use client';

import { useState } from 'react';
import { renderSummaryJson, renderSummaryMarkdown, summaryFileName } from '@/lib/meeting/render';
import type { MeetingSummary } from '@/lib/meeting/summary';
import { btnPrimary, btnSecondary } from '../ui/styles';
import { copyText, downloadText } from './files';
import { MeetingDialog } from './MeetingDialog';
import { SummaryView } from './SummaryView';
import { viewerTimeZone } from './viewer-time-zone';

/** The summary with its exports: copy as Markdown, download .md and .json. */
export function SummaryDialog({ summary, onClose }: { summary: MeetingSummary | null; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  // The zone is read when a summary is shown or exported, not while the dialog is closed (on every board page).
  const markdown = () => renderSummaryMarkdown(summary!, { timeZone: viewerTimeZone() });
  return (
    <MeetingDialog
      open={summary !== null}
      onClose={() => {
        setCopied(null);
        onClose();
      }}
      title={summary ? `Meeting summary: ${summary.boardTitle}` : 'Meeting summary'}
      testId="summary-dialog"
    >
      {summary && (
        <>
          <div className="mb-4 flex flex-wrap gap-2">
            <button
              type="button"
              className={btnPrimary}
              data-testid="summary-copy"
              onClick={async () => setCopied((await copyText(markdown())) ? 'yes' : 'no')}
            >
              Copy as Markdown
            </button>
            <button
              type="button"
              className={btnSecondary}
              data-testid="summary-download-md"
              onClick={() => downloadText(summaryFileName(summary, 'md', viewerTimeZone()), markdown(), 'text/markdown;charset=utf-8')}
            >
              Download .md
            </button>
            <button
              type="button"
              className={btnSecondary}
              data-testid="summary-download-json"
              onClick={() =>
                downloadText(summaryFileName(summary, 'json', viewerTimeZone()), renderSummaryJson(summary), 'application/json')
              }
            >
              Download .json
            </button>
            <span aria-live="polite" className="self-center text-sm text-slate-600 dark:text-slate-400">
              {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copy failed; use the download.' : ''}
            </span>
          </div>
          <SummaryView summary={summary} />
        </>
      )}
    </MeetingDialog>
  );
}
