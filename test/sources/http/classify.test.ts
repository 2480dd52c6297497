import { describe, expect, it } from 'vitest';
import { classify, type Exchange, type ReplyClass } from '../../../src/sources/http/classify.js';

const NOW = Date.parse('2026-03-01T04:00:00Z');
const HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';
const reply = (status: number, text = '', headers: Exchange['headers'] = {}): Exchange => ({
  status,
  text,
  headers,
});

/** [case, exchange, expected class, expected detail fragment]. */
const TABLE: [string, Exchange, ReplyClass, string][] = [
  ['a JSON 200', reply(200, '{"result_count":0,"results":[]}'), 'ok', 'ok'],
  ['JSON served as text/plain', { ...reply(200, '{"a":1}'), headers: {} }, 'ok', 'ok'],
  [
    'NPPES 200 with Errors',
    reply(200, '{"Errors":[{"field":"state","number":"07","description":"needs more"}]}'),
    'invalid',
    'state (07)',
  ],
  ['an empty Errors array is an answer', reply(200, '{"Errors":[],"results":[]}'), 'ok', 'ok'],
  ['a socket reset', { ...reply(0), error: 'ECONNRESET' }, 'transient', 'ECONNRESET'],
  ['a network failure without a code', reply(0), 'transient', 'network error'],
  ['a 500 with JSON', reply(500, '{"message":"Internal"}'), 'transient', 'Internal'],
  ['a 503 with JSON but no message', reply(503, '{}'), 'transient', 'HTTP 503'],
  ['an HTML 502', reply(502, HTML), 'transient', '502 Bad Gateway'],
  ['an HTML page with status 200', reply(200, HTML), 'transient', 'HTTP 200'],
  ['an empty 200', reply(200, ''), 'transient', '(empty body)'],
  ['429', reply(429, '', { 'retry-after': '1' }), 'throttled', 'too many'],
  ['401', reply(401, ''), 'auth', 'check API key / role'],
  ['403 with a gateway message', reply(403, '{"error":{"message":"bad key"}}'), 'auth', 'bad key'],
  ['404 without JSON', reply(404, HTML), 'endpoint-missing', 'endpoint not found'],
  ['404 with JSON', reply(404, '{"message":"No record"}'), 'record-missing', 'No record'],
  ['404 with bare JSON', reply(404, '[]'), 'record-missing', 'no such record'],
  ['a SAM 400', reply(400, '{"message":"Bad","detail":"MM/DD/YYYY"}'), 'invalid', 'Bad: MM/DD'],
  ['a 405 with JSON but no message', reply(405, '{}'), 'invalid', 'HTTP 405'],
  ['a 400 with text', reply(400, 'bad request'), 'transient', 'bad request'],
  ['truncated JSON with 200', reply(200, '{"results":[{"num'), 'malformed', 'malformed'],
  ['truncated JSON with 500', reply(500, '{"res'), 'transient', 'HTTP 500'],
  ['a JSON 304', reply(304, '{}'), 'transient', 'HTTP 304'],
];

describe('classify', () => {
  it.each(TABLE)('classifies %s', (_name, exchange, kind, detail) => {
    const c = classify(exchange, NOW);
    expect(c.kind).toBe(kind);
    expect(c.detail).toContain(detail);
  });

  it('names the field of the first NPPES error', () => {
    const c = classify(reply(200, '{"Errors":[{"field":"number","number":"06"}]}'), NOW);
    expect(c.field).toBe('number');
  });

  it('reads Retry-After as seconds and as an HTTP-date', () => {
    expect(classify(reply(429, '', { 'retry-after': '120' }), NOW).retryAfterMs).toBe(120_000);
    const date = { 'retry-after': 'Sun, 01 Mar 2026 04:00:02 GMT' };
    expect(classify(reply(503, '{}', date), NOW).retryAfterMs).toBe(2000);
    expect(classify(reply(429, '', { 'retry-after': 'soon' }), NOW).retryAfterMs).toBeUndefined();
  });

  it('keeps only a 200-character summary of a long HTML body', () => {
    const c = classify(reply(502, `<p>${'x'.repeat(1000)}</p>`), NOW);
    expect(c.detail.length).toBeLessThan(220);
  });

  it('returns the parsed body of an answer', () => {
    expect(classify(reply(200, ' {"a":[1]} '), NOW).json).toEqual({ a: [1] });
  });
});
