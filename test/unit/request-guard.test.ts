import { describe, expect, it } from 'vitest';
import { allowedHostsFor, checkRequest } from '../../electron/server/request-guard';

const hosts = allowedHostsFor(3001);

describe('web mode request guard', () => {
  it('accepts the app’s own host, with or without its own origin', () => {
    expect(checkRequest({ host: '127.0.0.1:3001' }, hosts).allowed).toBe(true);
    expect(checkRequest({ host: 'localhost:3001', origin: 'http://localhost:3001' }, hosts).allowed).toBe(true);
  });

  it('refuses a foreign Host header (DNS rebinding)', () => {
    const verdict = checkRequest({ host: 'evil.example' }, hosts);
    expect(verdict.allowed).toBe(false);
    expect(verdict.detail).toContain('evil.example');
    expect(checkRequest({ host: '127.0.0.1:3002' }, hosts).allowed).toBe(false);
    expect(checkRequest({}, hosts).allowed).toBe(false);
  });

  it('refuses cross-origin calls even when the Host is right', () => {
    expect(checkRequest({ host: '127.0.0.1:3001', origin: 'https://evil.example' }, hosts).allowed).toBe(false);
    expect(checkRequest({ host: '127.0.0.1:3001', origin: 'null' }, hosts).allowed).toBe(false);
    expect(checkRequest({ host: '127.0.0.1:3001', origin: 'https://127.0.0.1:3001' }, hosts).allowed).toBe(false);
  });
});
