/**
 * Review and release notifications over GraphQL with real workers, Redis pub/sub and PostgreSQL:
 * the myNotifications subscription (developer and business reviewer receive a business-stage
 * reject; a user of another workspace does not), the business reviewer seeing the vendor of the
 * uploader, and the signed webhook delivered through the job engine with retries, under the SSRF
 * policy at configuration time.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { waitFor } from '../support/wait-for';
import { type Authed, awaitJob, developer, sql } from './catalog-support';
import { act, review, uploadChart, versionState } from './lifecycle-support';

const NOTIFICATIONS = `subscription { myNotifications { id action versionId appName from to stages actor role message at } }`;
const SECRET = 'whsec-0123456789abcdef';

interface Notice {
  id: string;
  action: string;
  versionId: string;
  appName: string;
  from: string | null;
  to: string;
  stages: string[];
  actor: string;
  role: string | null;
  message: string | null;
}

let t: TestMarina;
let admin: GraphQLClient;

beforeAll(async () => {
  t = await startTestMarina('review_notify', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
  admin = await t.admin();
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

/** A myNotifications stream collecting what arrives; `until` waits (20 s at most) for a matching one. */
function follow(client: GraphQLClient): {
  ws: Client;
  seen: Notice[];
  until: (p: (n: Notice) => boolean) => Promise<Notice>;
} {
  const ws = client.ws();
  const seen: Notice[] = [];
  const waiters: { p: (n: Notice) => boolean; resolve: (n: Notice) => void }[] = [];
  ws.subscribe<{ myNotifications: Notice }>(
    { query: NOTIFICATIONS },
    {
      next: (msg) => {
        const n = msg.data?.myNotifications;
        if (!n) return;
        seen.push(n);
        for (const w of waiters.filter((x) => x.p(n))) w.resolve(n);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  const until = (p: (n: Notice) => boolean) => {
    const found = seen.find(p);
    if (found) return Promise.resolve(found);
    return new Promise<Notice>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching notification; got ${JSON.stringify(seen)}`)),
        20_000,
      );
      waiters.push({ p, resolve: (n) => (clearTimeout(timer), resolve(n)) });
    });
  };
  return { ws, seen, until };
}

/**
 * Makes sure `stream` is live: submits (and cancels while unseen) the caller's version until its
 * submit notification arrives, leaving the version SUBMITTED.
 */
async function prime(stream: ReturnType<typeof follow>, client: Authed, versionId: string): Promise<void> {
  const heard = () => stream.seen.some((n) => n.versionId === versionId && n.action === 'submit');
  await waitFor(
    'the subscription to go live',
    async () => {
      if (heard()) return true;
      const { status } = await versionState(client, versionId);
      await act(client, status === 'DRAFT' ? 'submitAppVersion' : 'cancelAppVersion', versionId);
      return false;
    },
    20_000,
    300,
  );
  if ((await versionState(client, versionId)).status === 'DRAFT') await act(client, 'submitAppVersion', versionId);
}

describe('myNotifications', () => {
  it('developer and business reviewer receive a business-stage reject; another workspace does not', async () => {
    const dev = await developer(t, 'ndev');
    const vendor = await dev.ok(
      `mutation { submitVendor(companyName: "Acme Charts", website: "https://acme.example") { id } }`,
    );
    await admin.ok(`mutation($id: ID!) { passVendor(id: $id) { status } }`, { id: vendor.submitVendor.id });
    const business = await developer(t, 'nbiz', ['BUSINESS_REVIEWER']);
    const outsider = await developer(t, 'nout');

    const devStream = follow(dev);
    const bizStream = follow(business);
    const outStream = follow(outsider);
    try {
      await prime(outStream, outsider, (await uploadChart(outsider, 'outsider-app')).versionId);
      const { appId, versionId } = await uploadChart(dev, 'notified-app');
      // The dev holds ISV now (passed vendor), so the ISV stage passes by itself: the version waits at BUSINESS.
      await prime(devStream, dev, versionId);
      const submitted = await bizStream.until((n) => n.versionId === versionId && n.action === 'submit');
      expect(submitted).toMatchObject({ appName: 'notified-app', to: 'SUBMITTED', stages: ['BUSINESS'] });

      await review(business, 'startReview', versionId, 'BUSINESS');
      // E4: the business reviewer sees the vendor's certification info of the uploader.
      const seen = await business.ok(
        `query($id: ID!) { appVersion(id: $id) { app { id vendor { companyName website status user { username } } } } }`,
        { id: versionId },
      );
      expect(seen.appVersion.app).toEqual({
        id: appId,
        vendor: {
          companyName: 'Acme Charts',
          website: 'https://acme.example',
          status: 'PASSED',
          user: { username: dev.username },
        },
      });

      await review(business, 'rejectReview', versionId, 'BUSINESS', 'screenshots missing');
      const isReject = (n: Notice) => n.versionId === versionId && n.action === 'reject';
      const toDev = await devStream.until(isReject);
      expect(toDev).toMatchObject({
        from: 'IN_REVIEW',
        to: 'REJECTED',
        stages: ['BUSINESS'],
        actor: business.username,
        role: 'business',
        message: 'screenshots missing',
      });
      expect(await bizStream.until(isReject)).toMatchObject({ id: toDev.id });
      // Each transition reaches a subscriber once even when it holds several matching topics.
      expect(devStream.seen.filter((n) => n.id === toDev.id)).toHaveLength(1);

      // Published after the reject: once the outsider sees its own next transition, it would have seen the reject.
      const marker = await uploadChart(outsider, 'outsider-marker');
      await act(outsider, 'submitAppVersion', marker.versionId);
      await outStream.until((n) => n.versionId === marker.versionId);
      expect(outStream.seen.filter((n) => n.versionId === versionId)).toEqual([]);
      expect((await versionState(dev, versionId)).status).toBe('REJECTED');
    } finally {
      await Promise.all([devStream.ws.dispose(), bizStream.ws.dispose(), outStream.ws.dispose()]);
    }
  }, 90_000);
});

describe('webhook notifier', () => {
  let receiver: Server;
  let url: string;
  const received: { headers: IncomingMessage['headers']; body: string; answered: number }[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answered = failuresLeft-- > 0 ? 503 : 204;
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/marina`;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const SET = `mutation($u: String, $s: String) { setNotificationWebhook(url: $u, secret: $s) {
    __typename ... on NotificationWebhook { configured url } ... on ErrorResult { errorCode message } } }`;

  it('refuses a metadata-service URL and non-admins; never returns the secret', async () => {
    const refused = await admin.ok(SET, { u: 'http://169.254.169.254/latest/meta-data', s: SECRET });
    expect(refused.setNotificationWebhook).toMatchObject({ __typename: 'ValidationError', errorCode: 'SSRF_BLOCKED' });
    const shortSecret = await admin.ok(SET, { u: url, s: 'short' });
    expect(shortSecret.setNotificationWebhook).toMatchObject({ __typename: 'ValidationError' });
    expect((await admin.ok(`{ notificationWebhook { configured url } }`)).notificationWebhook).toEqual({
      configured: false,
      url: null,
    });
    const dev = await developer(t, 'nhook');
    expect(await dev.errorCode(SET, { u: url, s: SECRET })).toBe('FORBIDDEN');
    expect(await sql(t, `select 1 from platform_settings where key = 'notifications.webhook'`)).toEqual([]);
  });

  it('POSTs a signed body; two failed deliveries are retried by the job engine until one succeeds', async () => {
    expect((await admin.ok(SET, { u: url, s: SECRET })).setNotificationWebhook).toEqual({
      __typename: 'NotificationWebhook',
      configured: true,
      url,
    });
    const [stored] = await sql<{ value: { secret: string } }>(
      t,
      `select value from platform_settings where key = 'notifications.webhook'`,
    );
    expect(JSON.stringify(stored.value)).not.toContain(SECRET); // sealed at rest

    const dev = await developer(t, 'nwh');
    const { versionId } = await uploadChart(dev, 'hooked-app');
    await act(dev, 'submitAppVersion', versionId);
    const [job] = await waitFor('the delivery job', () =>
      sql<{ id: string }>(
        t,
        `select j.id from jobs j join version_audits a on j.subject = 'version-audit:' || a.id
         where j.action = 'notification.webhook' and a.version_id = $1 and a.action = 'submit'`,
        [versionId],
      ).then((rows) => rows.length > 0 && rows),
    );
    expect(await awaitJob(admin, job.id)).toBe('SUCCEEDED');
    const [task] = await sql<{ attempt: number; status: string }>(
      t,
      `select attempt, status from tasks where job_id = $1`,
      [job.id],
    );
    expect(task).toEqual({ attempt: 2, status: 'SUCCEEDED' });

    expect(received.map((r) => r.answered)).toEqual([503, 503, 204]);
    for (const r of received) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      expect(r.headers['x-marina-signature']).toBe(expected);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const body = JSON.parse(received[2].body);
    expect(body).toMatchObject({
      event: 'version.submit',
      notification: { versionId, appName: 'hooked-app', action: 'submit', to: 'SUBMITTED', stages: ['ISV'] },
    });
    expect(new Set(received.map((r) => r.headers['x-marina-delivery']))).toEqual(new Set([body.notification.id]));
  }, 60_000);
});
