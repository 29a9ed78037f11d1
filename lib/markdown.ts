'use client';

import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown from the shared doc is written by any participant, so it is untrusted: parse it with
 * marked, then let DOMPurify keep only harmless markup. Links open in a new tab without an opener.
 *
 * Images from other hosts are not loaded until the reader asks for them: anyone on the board
 * could otherwise put a tracking pixel on the projector and learn who opened the board, when and
 * from where. They are rendered as a button (`data-remote-image` holds the URL) that the
 * `Markdown` component turns into the image when clicked. Images served by this app (attachment
 * uploads under `/api/`) load as before.
 */
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
  'img',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'type', 'checked', 'disabled', 'colspan', 'rowspan'];

/** The attribute of a remote image's placeholder button that carries the image's URL. */
export const REMOTE_IMAGE_ATTRIBUTE = 'data-remote-image';

export interface MarkdownOptions {
  /** Remote image URLs the reader chose to load (clicked their placeholder). */
  loadImages?: ReadonlySet<string>;
}

/**
 * Where an image URL points, relative to the page. `own` is this app's origin (relative paths
 * included, but not protocol-relative `//host/...`); `https` and `other` are other hosts.
 */
export function classifyImageSource(src: string, pageOrigin: string): { kind: 'own' } | { kind: 'https' | 'other'; host: string } {
  let url: URL;
  try {
    url = new URL(src, pageOrigin);
  } catch {
    return { kind: 'other', host: 'an unknown host' };
  }
  if (url.origin === pageOrigin) return { kind: 'own' };
  return { kind: url.protocol === 'https:' ? 'https' : 'other', host: url.host || 'an unknown host' };
}

let hooked = false;

function ensureHooks(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    // Task-list checkboxes are display only.
    if (node.tagName === 'INPUT') {
      if (node.getAttribute('type') !== 'checkbox') node.remove();
      else node.setAttribute('disabled', '');
    }
  });
}

/**
 * Runs on the sanitized tree while it is still in DOMPurify's inert document, where no image
 * loads; only what this leaves as `<img>` loads once the HTML is put on the page. (Done after
 * sanitizing, not in a hook: a node added during sanitizing is sanitized too, and the
 * placeholder button is not a tag authors may write.)
 */
function replaceRemoteImage(img: Element, options: MarkdownOptions): void {
  const src = img.getAttribute('src');
  if (!src) {
    img.remove();
    return;
  }
  // The board link's key is in the page URL: never send it along with an image request.
  img.setAttribute('referrerpolicy', 'no-referrer');
  const target = classifyImageSource(src, window.location.origin);
  if (target.kind === 'own') return;
  if (target.kind === 'https' && options.loadImages?.has(src)) return;
  const doc = img.ownerDocument;
  const alt = img.getAttribute('alt') ?? '';
  let placeholder: HTMLElement;
  if (target.kind === 'https') {
    placeholder = doc.createElement('button');
    placeholder.setAttribute('type', 'button');
    placeholder.setAttribute(REMOTE_IMAGE_ATTRIBUTE, src);
    placeholder.textContent = `Show image from ${target.host}`;
  } else {
    // Plain-http images are not loadable under the page's Content-Security-Policy (img-src
    // allows https: only); offer to open them in a tab of their own instead.
    placeholder = doc.createElement('a');
    placeholder.setAttribute('href', src);
    placeholder.setAttribute('target', '_blank');
    placeholder.setAttribute('rel', 'noopener noreferrer nofollow');
    placeholder.textContent = `Open image from ${target.host}`;
  }
  placeholder.setAttribute('class', 'markdown-remote-image');
  if (alt) placeholder.setAttribute('title', alt);
  img.replaceWith(placeholder);
}

export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  // Without a DOM, DOMPurify hands its input back unchanged. Refuse instead: rendering on the
  // server would otherwise put participants' raw HTML into the page.
  if (typeof window === 'undefined' || !DOMPurify.isSupported) {
    throw new Error(
      'renderMarkdown needs a browser DOM to sanitize Markdown; it refuses to return unsanitized HTML (render it on the client)',
    );
  }
  ensureHooks();
  const html = marked.parse(source, { async: false, gfm: true, breaks: true }) as string;
  // RETURN_DOM gives the body of DOMPurify's inert document (not imported into the page).
  const body = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/)/i,
    RETURN_DOM: true,
  }) as HTMLElement;
  for (const img of Array.from(body.querySelectorAll('img'))) replaceRemoteImage(img, options);
  return body.innerHTML;
}
