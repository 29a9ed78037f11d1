import type { MetadataRoute } from 'next';

/** The web app manifest (/manifest.webmanifest): the name and icon a phone shows when installed. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Refinery',
    short_name: 'Refinery',
    description: 'Live backlog refinement for the whole team',
    start_url: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#4f46e5',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/favicon.ico', sizes: '16x16 32x32 48x48', type: 'image/x-icon' },
    ],
  };
}
