/**
 * `marina sandbox kube` as a separate process, driven by the real kubectl binaries (1.31 from
 * the helm/kubectl oracle package, and the system's 1.32 when installed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { runTool, type ToolResult } from '../support/kube-sandbox-waits';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../scripts/tools') as { ensureTools(): { helm: string; kubectl: string } };

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const manifest = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
          name: http
        env:
        - name: MODE
          valueFrom: {configMapKeyRef: {name: settings, key: mode}}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
`;

const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, enum: [red, blue]}
`;

const widget = (name: string, spec: string): string =>
  `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: shop\nspec: ${spec}\n`;

describe('marina sandbox kube, driven by real kubectl', () => {
  let dir: string;
  let kubeconfig: string;
  let child: ChildProcess;
  let kubectl: string;
  const k = (args: string[], bin = kubectl): Promise<ToolResult> => runTool(bin, args, { kubeconfig, home: dir });
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    kubectl = ensureTools().kubectl;
    dir = mkdtempSync(join(tmpdir(), 'kube-sandbox-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'scripts', 'swc-register.js'),
        join(root, 'src', 'cli', 'main.ts'),
        'sandbox',
        'kube',
        '--kubeconfig',
        kubeconfig,
        '--pod-ready-delay',
        '100',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sandbox did not start within 60 s; stderr: ${stderr}`)), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('kubeconfig written')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${stderr}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a kubeconfig with an HTTPS server, a CA and a token', () => {
    expect(existsSync(kubeconfig)).toBe(true);
    const cfg = YAML.parse(readFileSync(kubeconfig, 'utf8')) as {
      clusters: { cluster: Record<string, string> }[];
      users: { user: { token: string } }[];
    };
    expect(cfg.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toContain(
      'BEGIN CERTIFICATE',
    );
    expect(cfg.users[0].user.token.length).toBeGreaterThan(20);
  });

  it('applies a multi-document manifest and shows it with get -o yaml', async () => {
    const applied = await k(['apply', '-f', file('app.yaml', manifest)]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim().split('\n')).toEqual([
      'namespace/shop created',
      'configmap/settings created',
      'deployment.apps/web created',
      'service/web created',
    ]);
    const got = await k(['get', 'deployment', 'web', '-n', 'shop', '-o', 'yaml']);
    expect(got.code).toBe(0);
    const d = YAML.parse(got.stdout) as {
      metadata: { generation: number; annotations: Record<string, string> };
      spec: { strategy: { type: string }; template: { spec: { containers: { imagePullPolicy: string }[] } } };
    };
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"nginx:1.25"');
    expect(d.spec.strategy.type).toBe('RollingUpdate');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    const svc = YAML.parse((await k(['get', 'svc', 'web', '-n', 'shop', '-o', 'yaml'])).stdout) as {
      spec: { clusterIP: string; ports: { nodePort: number }[] };
    };
    expect(svc.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    const again = await k(['apply', '-f', join(dir, 'app.yaml')]);
    expect(again.stdout).toContain('configmap/settings unchanged');
  });

  it('waits for the rollout, then scales', async () => {
    const status = await k(['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const pods = await k(['get', 'pods', '-n', 'shop', '-l', 'app=web']);
    expect(pods.stdout.match(/Running/g)).toHaveLength(2);
    expect((await k(['scale', 'deployment/web', '-n', 'shop', '--replicas=3'])).stdout).toContain(
      'deployment.apps/web scaled',
    );
    expect((await k(['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s'])).code).toBe(0);
    expect((await k(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.status.readyReplicas}'])).stdout).toBe(
      '3',
    );
    const endpoints = YAML.parse((await k(['get', 'endpoints', 'web', '-n', 'shop', '-o', 'yaml'])).stdout) as {
      subsets: { addresses: unknown[]; ports: { port: number }[] }[];
    };
    expect(endpoints.subsets[0].addresses).toHaveLength(3);
    expect(endpoints.subsets[0].ports[0].port).toBe(80);
  });

  it('prints container logs and describes why a failing image never runs', async () => {
    const logs = await k(['logs', 'deployment/web', '-n', 'shop']);
    expect(logs.stdout).toMatch(/container nginx \(image nginx:1.25\) running since/);
    expect((await k(['create', 'deployment', 'bad', '--image=sandbox.invalid/fail-pull:1', '-n', 'shop'])).code).toBe(
      0,
    );
    const waited = await k([
      'wait',
      '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff',
      'pod',
      '-l',
      'app=bad',
      '-n',
      'shop',
      '--timeout=30s',
    ]);
    expect(waited.code).toBe(0);
    const described = await k(['describe', 'pods', '-l', 'app=bad', '-n', 'shop']);
    expect(described.stdout).toMatch(/Reason:\s+ImagePullBackOff/);
    expect(described.stdout).toContain('Failed to pull image "sandbox.invalid/fail-pull:1"');
    const events = await k(['get', 'events', '-n', 'shop', '--field-selector', 'reason=Failed']);
    expect(events.stdout).toMatch(/Warning\s+Failed\s+pod\/bad-/);
    expect(
      (await k(['get', 'deployment', 'bad', '-n', 'shop', '-o', 'jsonpath={.status.unavailableReplicas}'])).stdout,
    ).toBe('1');
    expect((await k(['delete', 'deployment', 'bad', '-n', 'shop'])).code).toBe(0);
  });

  it('rolls out a new template as a new ReplicaSet revision', async () => {
    expect((await k(['set', 'image', 'deployment/web', '-n', 'shop', 'nginx=nginx:1.26'])).code).toBe(0);
    expect((await k(['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s'])).code).toBe(0);
    const rs = YAML.parse((await k(['get', 'rs', '-n', 'shop', '-o', 'yaml'])).stdout) as {
      items: { metadata: { annotations: Record<string, string> }; spec: { replicas: number } }[];
    };
    expect(rs.items).toHaveLength(2);
    const byRevision = Object.fromEntries(
      rs.items.map((r) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]),
    );
    expect(byRevision).toEqual({ '1': 0, '2': 3 });
    const history = await k(['rollout', 'history', 'deployment/web', '-n', 'shop']);
    expect(history.stdout).toMatch(/1\s+<none>\s*\n2\s+<none>/);
  });

  it('reports server-side apply conflicts and applies with --force-conflicts', async () => {
    const conflict = await k(['apply', '--server-side', '-f', join(dir, 'app.yaml')]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('conflict with "kubectl-set"');
    expect(conflict.stderr).toContain('.spec.template.spec.containers[name="nginx"].image');
    const forced = await k(['apply', '--server-side', '--force-conflicts', '-f', join(dir, 'app.yaml')]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('deployment.apps/web serverside-applied');
    expect(
      (await k(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))
        .stdout,
    ).toBe('nginx:1.25');
  });

  it('applies a CRD, then custom resources validated against its schema', async () => {
    expect((await k(['apply', '-f', file('crd.yaml', crd)])).stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
    );
    const created = await k(['apply', '-f', file('w1.yaml', widget('w1', '{size: 3, color: red}'))]);
    expect(created.stdout).toContain('widget.example.com/w1 created');
    const table = await k(['get', 'wd', '-n', 'shop']);
    expect(table.stdout).toMatch(/NAME\s+SIZE\s*\nw1\s+3/);
    const unknown = await k(['apply', '-f', file('w2.yaml', widget('w2', '{size: 3, colour: red}'))]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.colour"');
    const invalid = await k(['apply', '-f', file('w3.yaml', widget('w3', '{size: 0}'))]);
    expect(invalid.stderr).toContain('spec.size: Invalid value: 0');
    const wrongType = await k(['apply', '-f', file('w4.yaml', widget('w4', '{size: "big"}'))]);
    expect(wrongType.stderr).toContain('spec.size in body must be of type integer');
  });

  it('rejects unknown fields of built-in kinds (server-side strict validation)', async () => {
    const bad = manifest.split('---')[2].replace('replicas: 2', 'replicas: 2\n  replicaz: 3');
    const r = await k(['apply', '-f', file('bad.yaml', bad)]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.replicaz"');
  });

  it('deletes a Deployment with its ReplicaSets and pods, then the namespace with everything in it', async () => {
    const deleted = await k(['delete', 'deployment', 'web', '-n', 'shop']);
    expect(deleted.stdout).toContain('deployment.apps "web" deleted');
    const waited = await k(['wait', '--for=delete', 'pod', '-l', 'app=web', '-n', 'shop', '--timeout=30s']);
    expect(waited.code).toBe(0);
    expect((await k(['get', 'rs', '-n', 'shop', '-o', 'name'])).stdout).toBe('');
    const nsDeleted = await k(['delete', 'namespace', 'shop', '--timeout=30s']);
    expect(nsDeleted.stdout).toContain('namespace "shop" deleted');
    const gone = await k(['get', 'namespace', 'shop']);
    expect(gone.stderr).toContain('Error from server (NotFound): namespaces "shop" not found');
    expect((await k(['get', 'svc,cm,widgets', '-n', 'shop', '-o', 'name'])).stdout).toBe('');
  });

  it('answers kubectl auth can-i for the admin token', async () => {
    const r = await k(['auth', 'can-i', 'create', 'deployments', '-n', 'default']);
    expect(r.stdout.trim()).toBe('yes');
  });

  it('also serves the system kubectl when present', async () => {
    if (!existsSync('/usr/bin/kubectl')) {
      throw new Error(
        '/usr/bin/kubectl is not installed on this machine (the brief says it is); install Debian kubectl or remove this case',
      );
    }
    const v = await k(['version', '-o', 'json'], '/usr/bin/kubectl');
    expect((JSON.parse(v.stdout) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion).toContain(
      'marina-sandbox',
    );
    const applied = await k(
      [
        'apply',
        '--server-side',
        '-f',
        file(
          'cm.yaml',
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-132, namespace: default}\ndata: {a: b}\n',
        ),
      ],
      '/usr/bin/kubectl',
    );
    expect(applied.stdout).toContain('configmap/from-132 serverside-applied');
  });
});
