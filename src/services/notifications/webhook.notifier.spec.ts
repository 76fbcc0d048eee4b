import { createHmac } from 'node:crypto';
import { VersionStatus } from '../../entities/enums';
import type { VersionNotification } from '../../events/event-topics';
import { DriverError } from '../../jobs/errors';
import { STRICT_POLICY } from '../../net';
import { signBody, WebhookNotifier } from './webhook.notifier';

const notification: VersionNotification = {
  id: '00000000-0000-4000-8000-000000000001',
  action: 'reject',
  versionId: '00000000-0000-4000-8000-000000000002',
  versionName: '1.0.0',
  appId: '00000000-0000-4000-8000-000000000003',
  appName: 'demo',
  workspaceId: '00000000-0000-4000-8000-000000000004',
  from: VersionStatus.IN_REVIEW,
  to: VersionStatus.REJECTED,
  stages: [],
  actorId: '00000000-0000-4000-8000-000000000005',
  actorName: 'reviewer',
  role: 'business',
  message: 'no',
  at: new Date(0).toISOString(),
};

describe('webhook notifier', () => {
  it('signs the raw body with HMAC-SHA256 as sha256=<hex>', () => {
    const body = '{"a":1}';
    expect(signBody(body, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
    expect(signBody(body, 'k')).not.toBe(signBody(body, 'other'));
  });

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:1/hook',
    'http://[::1]/hook',
    'http://10.0.0.1/',
  ])('refuses %s at delivery time without retrying', async (url) => {
    const delivery = new WebhookNotifier({ url, secret: 'k'.repeat(16) }, STRICT_POLICY).deliver(notification);
    await expect(delivery).rejects.toBeInstanceOf(DriverError);
    await expect(delivery).rejects.toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
  });
});
