/**
 * 1,000 concurrent `instanceEvents` subscribers on one instance (production profile: PostgreSQL,
 * Redis pub/sub). The API runs as separate `marina serve` process(es); this process is both the
 * client swarm (one graphql-ws connection per subscriber, round-robin over the API processes) and
 * the event writer, which records events exactly as a worker's processor does
 * (`recordInstanceEvent` in a transaction, the event hub publishing after commit over Redis).
 *
 * Two phases per set-up: events one at a time (the next once every subscriber has the previous one:
 * fan-out latency without backlog) and a steady stream (backlog shows when fan-out needs more CPU
 * than the API process gets). Prints, for 1 and for 2 API processes:
 *  - set-up: time until every subscriber has its replayed first event (connect, authenticate, subscribe, replay)
 *  - delivery latency: commit of the event's transaction (an afterTransactionCommit hook that runs
 *    before the hub publishes) → each subscriber's `next` callback, over every (event, subscriber)
 *  - per-event fan-out: commit → the *last* subscriber receiving it
 *  - ordering: duplicates and gaps seen by subscribers; API processes' CPU per event
 * Goal: delivery p99 < 200 ms. Env: BENCH_SUBSCRIBERS (1000), BENCH_EVENTS (200), BENCH_INTERVAL_MS (250), BENCH_SEQUENTIAL_EVENTS (100),
 * BENCH_API_NODE_OPTIONS (NODE_OPTIONS of the API processes, e.g. `--cpu-prof --cpu-prof-dir=DIR`),
 * BENCH_API_PROCESSES ("1,2"). Run: `npm run bench -- instance-events`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventSubscriber, MikroORM } from '@mikro-orm/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { connectOrm } from '../src/db/orm';
import { EventHub } from '../src/events/event-hub';
import { recordInstanceEvent, InstanceEventError } from '../src/events/instance-events';
import { RedisPubSub } from '../src/events/redis-pubsub';
import { createTestDatabase, TEST_REDIS_URL } from '../test/support/db';
import { GraphQLClient } from '../test/support/graphql-client';
import { insertBenchInstance } from './support/bench-rows';
import { startMarinaProcess, type MarinaProcess } from './support/marina-process';
import { cpuMs } from './support/proc-cpu';
import { fmtLatency, machineLoad } from './support/stats';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const SEQUENTIAL_EVENTS = Number(process.env.BENCH_SEQUENTIAL_EVENTS ?? 100);
const API_COUNTS = (process.env.BENCH_API_PROCESSES ?? '1,2').split(',').map(Number);
const CONNECT_CONCURRENCY = 50;

interface Subscriber {
  readonly client: Client;
  /** seq → receive time (performance.now()) */
  readonly received: Map<number, number>;
  duplicates: number;
  outOfOrder: number;
  lastSeq: number;
}

/** The event writer: its own ORM + hub (like a worker process) and the time of its last commit. */
class Writer {
  private lastCommitAt = 0;
  readonly commitAt = new Map<number, number>();
  private constructor(
    private readonly orm: MikroORM,
    private readonly hub: EventHub,
    private readonly pubsub: RedisPubSub,
  ) {}

  static async start(databaseUrl: string, prefix: string): Promise<Writer> {
    const orm = await connectOrm(databaseUrl);
    let writer: Writer | undefined;
    // Registered before the hub's collector, so it runs first: the commit instant, before publishing.
    const clock: EventSubscriber = {
      afterTransactionCommit: () => {
        if (writer) writer.lastCommitAt = performance.now();
      },
    };
    orm.em.getEventManager().registerSubscriber(clock);
    const pubsub = new RedisPubSub({ url: TEST_REDIS_URL, prefix });
    writer = new Writer(orm, EventHub.attach(orm, pubsub), pubsub);
    return writer;
  }

  get em() {
    return this.orm.em.fork();
  }

  async record(instanceId: string, kind: string, message: string): Promise<number> {
    const event = await recordInstanceEvent(this.orm.em.fork(), this.hub, instanceId, { kind, message });
    if (event instanceof InstanceEventError) throw event;
    this.commitAt.set(event.seq, this.lastCommitAt);
    return event.seq;
  }

  async close(): Promise<void> {
    await this.hub.detach();
    await this.pubsub.close();
    await this.orm.close(true);
  }
}

function subscribe(server: MarinaProcess, token: string, instanceId: string, onFirst: () => void): Subscriber {
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  const sub: Subscriber = { client, received: new Map(), duplicates: 0, outOfOrder: 0, lastSeq: 0 };
  client.subscribe<{ instanceEvents: { seq: number } }>(
    {
      query: `subscription($id:ID!){ instanceEvents(instanceId:$id, sinceSeq:0){ seq kind message at } }`,
      variables: { id: instanceId },
    },
    {
      next: (msg) => {
        const now = performance.now();
        const seq = msg.data?.instanceEvents.seq;
        if (seq === undefined) {
          console.error(`subscription error: ${JSON.stringify(msg.errors)}`);
          return;
        }
        if (sub.received.has(seq)) sub.duplicates++;
        else sub.received.set(seq, now);
        if (seq !== sub.lastSeq + 1) sub.outOfOrder++;
        sub.lastSeq = Math.max(sub.lastSeq, seq);
        if (seq === 1) onFirst();
      },
      error: (err) => console.error('subscriber error', err),
      complete: () => undefined,
    },
  );
  return sub;
}

/** Opens every subscription (at most CONNECT_CONCURRENCY connecting at once); resolves when all replayed seq 1. */
async function openSubscribers(servers: MarinaProcess[], token: string, instanceId: string): Promise<Subscriber[]> {
  const subs: Subscriber[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (next < SUBSCRIBERS) {
        const index = next++;
        await new Promise<void>((ready) =>
          subs.push(subscribe(servers[index % servers.length], token, instanceId, ready)),
        );
      }
    }),
  );
  return subs;
}

async function waitAllReceived(subs: Subscriber[], lastSeq: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline && subs.some((s) => !s.received.has(lastSeq)))
    await new Promise((r) => setTimeout(r, 20));
}

/** Runs `drive` (which records events through `record`) and prints latency, ordering and CPU figures for its events. */
async function phase(
  label: string,
  servers: MarinaProcess[],
  subs: Subscriber[],
  writer: Writer,
  instanceId: string,
  drive: (record: () => Promise<number>) => Promise<void>,
): Promise<void> {
  const seqs: number[] = [];
  const record = async () => {
    const seq = await writer.record(instanceId, 'bench.progress', `event ${seqs.length}`);
    seqs.push(seq);
    return seq;
  };
  const cpu0 = servers.map((s) => cpuMs(s.child.pid));
  const ownCpu0 = process.cpuUsage();
  const start = performance.now();
  await drive(record);
  const elapsed = performance.now() - start;
  const cpu = servers.map((s, i) => cpuMs(s.child.pid) - cpu0[i]);
  const ownCpu = process.cpuUsage(ownCpu0);
  const all: number[] = [];
  const slowest: number[] = [];
  let missing = 0;
  for (const seq of seqs) {
    const committed = writer.commitAt.get(seq)!;
    let worst = 0;
    for (const sub of subs) {
      const at = sub.received.get(seq);
      if (at === undefined) missing++;
      else {
        all.push(at - committed);
        worst = Math.max(worst, at - committed);
      }
    }
    slowest.push(worst);
  }
  const duplicates = subs.reduce((n, s) => n + s.duplicates, 0);
  const outOfOrder = subs.reduce((n, s) => n + s.outOfOrder, 0);
  const apiCpu = cpu.reduce((a, b) => a + b, 0);
  console.log(`${label} delivery commit → subscriber: ${fmtLatency(all)}`);
  console.log(`${label} per event, commit → last subscriber: ${fmtLatency(slowest)}`);
  console.log(
    `${label} missing ${missing}, duplicates ${duplicates}, out of order ${outOfOrder} (whole run so far); API CPU ${cpu
      .map((ms) => `${(ms / seqs.length).toFixed(1)} ms`)
      .join(
        ' + ',
      )} per event (${((subs.length * seqs.length) / (apiCpu / 1000)).toFixed(0)} deliveries per API CPU-second); ` +
      `share of one core: API ${cpu.map((ms) => `${((100 * ms) / elapsed).toFixed(0)}%`).join(' + ')}, ` +
      `this client+writer process ${((100 * (ownCpu.user + ownCpu.system)) / 1000 / elapsed).toFixed(0)}%`,
  );
}

async function run(apis: number, env: Record<string, string>, writer: Writer): Promise<void> {
  const servers: MarinaProcess[] = [];
  for (let i = 0; i < apis; i++) servers.push(await startMarinaProcess('serve', env)); // one at a time: the first migrates
  const subs: Subscriber[] = [];
  try {
    const user = await new GraphQLClient(servers[0].url, servers[0].wsUrl).registerAs(
      `bench${randomBytes(3).toString('hex')}`,
      'Us3r!Password',
    );
    const ws = (await user.ok<{ me: { workspace: { id: string } } }>(`{ me { workspace { id } } }`)).me.workspace.id;
    const instanceId = await insertBenchInstance(writer.em, user.userId, ws);
    await writer.record(instanceId, 'bench.warmup', 'replayed to every subscriber');

    const t0 = performance.now();
    subs.push(...(await openSubscribers(servers, user.token!, instanceId)));
    const setupMs = performance.now() - t0;

    const label = `[${apis} API process${apis > 1 ? 'es' : ''}, ${SUBSCRIBERS} subscribers]`;
    console.log(`${label} set-up (connect + subscribe + replay) of all subscribers: ${setupMs.toFixed(0)} ms`);
    // one event at a time, the next once every subscriber has the previous one: fan-out latency without backlog
    await phase(
      `${label} one at a time, ${SEQUENTIAL_EVENTS} events:`,
      servers,
      subs,
      writer,
      instanceId,
      async (record) => {
        for (let i = 0; i < SEQUENTIAL_EVENTS; i++) await waitAllReceived(subs, await record(), 60_000);
      },
    );
    // a steady stream: backlog shows when fan-out costs more CPU than the API process gets
    await phase(
      `${label} ${EVENTS} events every ${INTERVAL_MS} ms:`,
      servers,
      subs,
      writer,
      instanceId,
      async (record) => {
        const start = performance.now();
        let last = 0;
        for (let i = 0; i < EVENTS; i++) {
          const wait = start + i * INTERVAL_MS - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          last = await record();
        }
        await waitAllReceived(subs, last, 120_000);
      },
    );
    console.log(`${label} ${machineLoad()}`);
  } finally {
    await Promise.all(subs.map((s) => s.client.dispose()));
    for (const server of servers) await server.stop();
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_events');
  const prefix = `marina-bench-${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    MARINA_SECRET_KEY: randomBytes(32).toString('hex'),
    MARINA_ADMIN_PASSWORD: 'Adm1n!Passw0rd',
    MARINA_QUEUE_PREFIX: prefix,
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}), // e.g. --cpu-prof
  };
  console.log(`before: ${machineLoad()}`);
  // The first API process migrates the database; the writer connects afterwards.
  const migrator = await startMarinaProcess('serve', env);
  await migrator.stop();
  const writer = await Writer.start(db.url, prefix);
  try {
    for (const apis of API_COUNTS) await run(apis, env, writer);
  } finally {
    await writer.close();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
