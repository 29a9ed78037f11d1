import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce } from './lib/csp';

/**
 * Gives every page response a Content-Security-Policy with a nonce of its own. The nonce also
 * goes on the request: Next reads it from the request's CSP header and puts it on the scripts
 * it renders, and the root layout reads `x-nonce` for the theme script. Pages are rendered per
 * request for this (the layout reads headers()); a prerendered page would carry no nonce.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not static chunks (they are scripts, not documents) nor anything the custom
      // server answers before Next sees it (/api, /healthz, /yjs, /socket.io).
      source: '/((?!api/|_next/static|_next/image|favicon.ico|healthz).*)',
      // A prefetch of a page's data is not a document; a fresh nonce comes with the page.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
