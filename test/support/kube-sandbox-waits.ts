import { execFile } from 'node:child_process';
import type { KubeObject, KubeSandbox } from '@marina/kube-sandbox';

/** Thrown when a wait's deadline passes; says what was awaited and the last state seen. */
export class WaitTimeoutError extends Error {
  readonly code = 'WAIT_TIMEOUT';
}

/**
 * Resolves with the stored object once `predicate` holds for it, re-checking on every store
 * change (event-driven, no polling). Rejects after `timeoutMs` with the last state.
 */
export function waitForObject(
  sandbox: KubeSandbox,
  key: { groupResource: string; namespace?: string; name: string },
  predicate: (o: KubeObject | undefined) => boolean,
  timeoutMs = 20_000,
): Promise<KubeObject | undefined> {
  const store = sandbox.service.store;
  const fullKey = { groupResource: key.groupResource, namespace: key.namespace ?? '', name: key.name };
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const o = store.get(fullKey);
      if (!predicate(o)) return false;
      finish();
      resolve(o);
      return true;
    };
    const timer = setTimeout(() => {
      finish();
      reject(
        new WaitTimeoutError(
          `timed out after ${timeoutMs} ms waiting for ${key.groupResource} ${fullKey.namespace}/${key.name}; last state: ${JSON.stringify(store.get(fullKey)?.status ?? null)}`,
        ),
      );
    }, timeoutMs);
    const sub = store.subscribe((e) => {
      if (e.key.groupResource === key.groupResource) queueMicrotask(check);
    });
    const finish = (): void => {
      clearTimeout(timer);
      sub.close();
    };
    check();
  });
}

/** Resolves once `condition()` is true, re-evaluated on every store change; rejects after the deadline. */
export function waitForCondition(
  sandbox: KubeSandbox,
  what: string,
  condition: () => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const store = sandbox.service.store;
  return new Promise((resolve, reject) => {
    if (condition()) return resolve();
    const timer = setTimeout(() => {
      sub.close();
      reject(new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = store.subscribe(() =>
      queueMicrotask(() => {
        if (!condition()) return;
        clearTimeout(timer);
        sub.close();
        resolve();
      }),
    );
  });
}

/** Outcome of running a CLI tool. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl or helm against a kubeconfig file (isolated cache/config dirs under `home`). */
export function runTool(
  binary: string,
  args: string[],
  env: { kubeconfig: string; home: string; extra?: Record<string, string> },
  timeoutMs = 120_000,
): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      {
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: env.home,
          KUBECONFIG: env.kubeconfig,
          HELM_CACHE_HOME: `${env.home}/.cache/helm`,
          HELM_CONFIG_HOME: `${env.home}/.config/helm`,
          HELM_DATA_HOME: `${env.home}/.local/share/helm`,
          ...env.extra,
        },
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
            ? Number((err as { code?: unknown }).code)
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
