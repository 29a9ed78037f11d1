const VOTER_TOKEN_KEY = 'refinery:voter-token';

/**
 * The private token that makes this browser the same planning-poker voter after a reload or
 * reconnect. It goes to the server in the control socket's handshake; only its hash is ever
 * shown to others, and whoever holds the token sees (and can change) this browser's vote.
 */
export function voterToken(): string {
  try {
    const stored = window.localStorage.getItem(VOTER_TOKEN_KEY);
    if (stored && stored.length >= 16) return stored;
    const token = randomToken();
    window.localStorage.setItem(VOTER_TOKEN_KEY, token);
    return token;
  } catch {
    // Storage blocked: a token for this page's lifetime.
    return randomToken();
  }
}

function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => b.toString(16).padStart(2, '0')).join('');
}
