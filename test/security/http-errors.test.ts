import { startTestMarina, type TestMarina } from '../support/marina';

/** Finding 5: every HTTP error on every route is JSON in the GraphQL error shape, without stacks or paths. */
let t: TestMarina;
let base: string;
beforeAll(async () => {
  t = await startTestMarina('sec_http');
  base = t.url.replace(/\/graphql$/, '');
});
afterAll(() => t?.stop());

interface ErrorBody {
  errors: { message: string; extensions: { code: string } }[];
}

async function expectJsonError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await res.text();
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringMatching(/^application\/(graphql-response\+)?json/),
  });
  expect(text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/work\/|\.ts:\d+/i);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.errors[0]).toEqual({ message: expect.any(String), extensions: expect.objectContaining({ code }) });
  return body;
}

const json = { 'content-type': 'application/json' };

describe('finding 5: HTTP errors answer JSON in the GraphQL error shape', () => {
  it('malformed JSON on /graphql', async () => {
    await expectJsonError(
      await fetch(t.url, { method: 'POST', headers: json, body: '{"query": "{ me { id } }", ' }),
      400,
      'BAD_REQUEST',
    );
  });

  it('an oversized body on /graphql', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } });
    await expectJsonError(await fetch(t.url, { method: 'POST', headers: json, body }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a bad multipart form on /graphql', async () => {
    const preflight = { 'apollo-require-preflight': 'true' };
    const badOperations = new FormData();
    badOperations.append('operations', '{not json');
    badOperations.append('map', '{}');
    await expectJsonError(
      await fetch(t.url, { method: 'POST', body: badOperations, headers: preflight }),
      400,
      'BAD_REQUEST',
    );

    const truncated =
      '--XYZ\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--XYZ\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.f"]}\r\n--XYZ\r\nContent-Disposition: form-data; name="0"; filename="a.tgz"\r\n\r\nabc';
    await expectJsonError(
      await fetch(t.url, {
        method: 'POST',
        body: truncated,
        headers: { ...preflight, 'content-type': 'multipart/form-data; boundary=XYZ' },
      }),
      400,
      'BAD_REQUEST',
    );
  });

  it('unknown routes and methods', async () => {
    await expectJsonError(await fetch(`${base}/no/such/route`), 404, 'NOT_FOUND');
    await expectJsonError(
      await fetch(`${base}/graphql`, { method: 'PUT', headers: json, body: '{}' }),
      405,
      'BAD_REQUEST',
    );
  });

  it('CSRF refusals and GET without a query are JSON too', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ __typename }' }));
    form.append('map', '{}');
    await expectJsonError(await fetch(t.url, { method: 'POST', body: form }), 400, 'BAD_REQUEST');
    await expectJsonError(
      await fetch(t.url, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } }),
      400,
      'BAD_REQUEST',
    );
  });
});
