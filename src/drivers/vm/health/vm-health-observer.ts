/**
 * Role health checks of VM instances (OpenPitrix `health_check`), run by worker processes: every
 * tick, for each settled ACTIVE VM instance whose roles have an enabled check, the nodes whose
 * check is due are checked over SSH through the instance's frontgate (with the service env), the
 * threshold state machine (./health-state.ts) advances, `InstanceNode.health` follows it
 * (HEALTHY / DEGRADED) and a `node.health` event is recorded per change; a node turning
 * unhealthy runs its role's `action_cmd` once. Several workers share the work: a node's check is
 * claimed by moving its `checkedAt` in one conditional update, so one worker runs each check.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { sqlRows } from '../../../data/sql';
import type { CommitAnnouncer } from '../../../events/event-hub';
import { recordInstanceEvent } from '../../../events/instance-events';
import { RESOLVE_METADATA_FILE, metadataFilePath } from '../agent/service-runner';
import { serviceEnv } from '../deploy/cluster-metadata';
import type { VmPorts } from '../deploy/vm-ports';
import type { SshSession, VmHost } from '../vm-agent.types';
import type { VmOperation } from '../vm-operation.types';
import {
  afterCheck,
  checkDue,
  healthPolicy,
  INITIAL_HEALTH,
  type CheckResult,
  type HealthPolicy,
  type HealthState,
  type NodeHealth,
} from './health-state';

/** InstanceNode.health for each state of the machine (UNKNOWN keeps what the last operation recorded). */
const NODE_HEALTH: Readonly<Record<NodeHealth, string | null>> = {
  UNKNOWN: null,
  HEALTHY: 'HEALTHY',
  UNHEALTHY: 'DEGRADED',
};

interface CheckedNode {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly instanceId: string;
  readonly ip: string;
  readonly state: HealthState;
  /** InstanceNode.health as stored (the last operation's or the last check's). */
  readonly health: string | null;
}

interface WatchedInstance {
  readonly id: string;
  readonly ownerId: string;
  readonly runtimeId: string;
  readonly vm: VmOperation;
}

export interface VmHealthObserverOptions {
  readonly orm: MikroORM;
  readonly ports: VmPorts;
  readonly events: CommitAnnouncer;
  readonly logger: Logger;
  /** Delay between two rounds (default 2 s; each node is checked at its role's interval). */
  readonly tickMs?: number;
}

export class VmHealthObserver {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly opts: VmHealthObserverOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.checkOnce()
        .catch((err: unknown) => this.opts.logger.error({ err }, 'VM health round failed'))
        .finally(() => this.schedule());
    }, this.opts.tickMs ?? 2000);
    this.timer.unref();
  }

  /** One round over every watched instance; returns how many checks ran. */
  async checkOnce(now = Date.now()): Promise<number> {
    const em = this.opts.orm.em.fork() as EntityManager;
    let checks = 0;
    for (const instance of await watchedInstances(em)) {
      const policies = new Map<string, HealthPolicy>();
      for (const role of instance.vm.roles) {
        const policy = healthPolicy(role.health);
        if (policy) policies.set(role.role, policy);
      }
      if (policies.size === 0) continue;
      const due = (await nodesOf(em, instance.id)).filter((n) => {
        const policy = policies.get(n.role);
        return policy !== undefined && n.ip && n.instanceId && checkDue(n.state, policy, now);
      });
      if (due.length === 0) continue;
      try {
        checks += await this.checkInstance(em, instance, due, policies, now);
      } catch (err) {
        this.opts.logger.warn({ err, instanceId: instance.id }, 'VM health checks could not run');
      }
    }
    return checks;
  }

  private async checkInstance(
    em: EntityManager,
    instance: WatchedInstance,
    due: readonly CheckedNode[],
    policies: ReadonlyMap<string, HealthPolicy>,
    now: number,
  ): Promise<number> {
    const { ports } = this.opts;
    const frontgate = await ports.frontgates.find(em, {
      ownerId: instance.ownerId,
      runtimeId: instance.runtimeId,
      subnetId: instance.vm.subnetId,
    });
    if (!frontgate?.instanceId || !frontgate.privateIp) return 0;
    const { login } = await ports.keys.login(em, instance.ownerId, instance.runtimeId);
    const fgHost: VmHost = { instanceId: frontgate.instanceId, ip: frontgate.privateIp, sshPort: frontgate.sshPort };
    const session = ports.agent.openSession({ frontgate: fgHost, login, hostKeys: ports.hostKeys(em) });
    let checks = 0;
    try {
      for (const node of due) {
        if (!(await claim(em, node, now))) continue;
        const policy = policies.get(node.role)!;
        const host: VmHost = { instanceId: node.instanceId, ip: node.ip, sshPort: 22 };
        const env = serviceEnv(
          instance.vm,
          {
            nodeId: node.name,
            role: node.role,
            instanceId: node.instanceId,
            ip: node.ip,
            sshPort: 22,
            state: 'RUNNING',
          },
          {
            metadataFile: metadataFilePath(instance.vm.clusterId),
            etcdEndpoints: [`http://${frontgate.privateIp}:2379`],
            etcdPrefix: ports.agent.etcdPrefix,
          },
        );
        const result = await check(session, host, policy.checkCmd, { ...env }, policy.timeoutMs);
        const step = afterCheck(node.state, policy, result, now);
        await this.store(em, instance.id, node, step.state);
        if (step.runAction && policy.actionCmd) {
          const action = await check(session, host, policy.actionCmd, { ...env }, policy.actionTimeoutMs);
          await recordInstanceEvent(em, this.opts.events, instance.id, {
            kind: 'node.health',
            status: action.ok ? 'ACTION_SUCCEEDED' : 'ACTION_FAILED',
            message: `${node.name}: action_cmd ${action.ok ? 'ran' : `failed (${action.reason})`}`,
          });
        }
        checks++;
      }
    } finally {
      await session.close().catch(() => undefined);
    }
    return checks;
  }

  private async store(em: EntityManager, instanceId: string, node: CheckedNode, state: HealthState): Promise<void> {
    await em.transactional(async (tx) => {
      const health = NODE_HEALTH[state.health];
      // an event when the node's shown health changes (a first pass on a node the operation left HEALTHY is none)
      const changed = health !== null && health !== node.health;
      await sqlRows(
        tx,
        `update instance_nodes set health_state = ?::jsonb${health ? ', health = ?' : ''} where id = ? returning id`,
        health ? [JSON.stringify(state), health, node.id] : [JSON.stringify(state), node.id],
      );
      if (changed)
        await recordInstanceEvent(tx, this.opts.events, instanceId, {
          kind: 'node.health',
          status: health,
          message:
            state.health === 'HEALTHY'
              ? `${node.name} (${node.role}) is healthy`
              : `${node.name} (${node.role}) is unhealthy: ${state.lastFailure ?? 'check failed'}`,
        });
    });
  }
}

/** Runs a check (or action) command; ok on exit 0 within the timeout, else why not. */
async function check(
  session: SshSession,
  host: VmHost,
  command: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<CheckResult> {
  try {
    const r = await session.exec(host, RESOLVE_METADATA_FILE + command, { env, timeoutMs });
    if (r.exitCode === 0 && !r.timedOut) return { ok: true };
    const tail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ');
    const why = r.timedOut ? `timed out after ${timeoutMs} ms` : `exited ${r.exitCode ?? r.signal}`;
    return { ok: false, reason: `${why}${tail ? `: ${tail}` : ''}` };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** Settled ACTIVE VM instances with the VM part of their latest operation. */
async function watchedInstances(em: EntityManager): Promise<WatchedInstance[]> {
  const rows = await sqlRows<{ id: string; owner_id: string; runtime_id: string; vm: VmOperation | null }>(
    em,
    `select i.id, i.owner_id, i.runtime_id,
            (select j.input->'vm' from jobs j where j.instance_id = i.id and j.input ? 'vm'
              order by j.created_at desc limit 1) as vm
       from instances i join app_versions v on v.id = i.version_id
      where v.type = 'VM' and i.status = 'ACTIVE' and i.transition_status is null`,
  );
  return rows
    .filter((r) => r.vm && Array.isArray(r.vm.roles))
    .map((r) => ({ id: r.id, ownerId: r.owner_id, runtimeId: r.runtime_id, vm: r.vm as VmOperation }));
}

async function nodesOf(em: EntityManager, instanceId: string): Promise<CheckedNode[]> {
  const rows = await sqlRows<{
    id: string;
    name: string;
    role: string;
    provider_instance_id: string | null;
    private_ip: string | null;
    health_state: HealthState | null;
    health: string | null;
  }>(
    em,
    'select id, name, role, provider_instance_id, private_ip, health_state, health from instance_nodes where instance_id = ?',
    [instanceId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    instanceId: r.provider_instance_id ?? '',
    ip: r.private_ip ?? '',
    state: r.health_state ?? INITIAL_HEALTH,
    health: r.health,
  }));
}

/** Takes the node's due check (only one worker moves `checkedAt` from what it read). */
async function claim(em: EntityManager, node: CheckedNode, now: number): Promise<boolean> {
  const next = JSON.stringify({ ...node.state, checkedAt: now });
  const rows = await sqlRows<{ id: string }>(
    em,
    `update instance_nodes set health_state = ?::jsonb
      where id = ? and coalesce(health_state->>'checkedAt', '') = ? returning id`,
    [next, node.id, node.state.checkedAt === null ? '' : String(node.state.checkedAt)],
  );
  return rows.length === 1;
}
