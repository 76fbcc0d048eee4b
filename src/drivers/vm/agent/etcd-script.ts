/**
 * The shell script that keeps etcd running on a frontgate (run over SSH by frontgate-control.ts).
 * Paths are relative to the login's home, the VM root in the sandbox: `etcd-data/` (data dir) and
 * `.marina-agent/` (etcd.lock, etcd.pid, etcd.log). Under an exclusive `flock` it checks health; if
 * etcd is down it ends a stale etcd process, starts etcd detached (setsid nohup, own session, the
 * lock fd closed) and polls health with a growing delay until the deadline. Its last line is
 * HEALTHY (already running) or STARTED; exit 127 = binary missing, 3 = did not become healthy.
 */
import { shellQuote } from './shell';

export interface EtcdScriptOptions {
  /** The frontgate's private IP: etcd listens there (clients on 2379, peers on 2380). */
  readonly ip: string;
  readonly etcdBinary: string;
  readonly etcdctlBinary: string;
  /** Longest wait for a started etcd to answer health (seconds). */
  readonly startDeadlineSeconds: number;
  /** Longest wait for another caller holding the lock (seconds). */
  readonly lockWaitSeconds: number;
}

export const ETCD_AGENT_DIR = '.marina-agent';
export const ETCD_DATA_DIR = 'etcd-data';
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
export const ETCD_EXIT_MISSING = 127;
export const ETCD_EXIT_UNHEALTHY = 3;
export const ETCD_EXIT_LOCK = 4;

export function etcdEndpoint(ip: string): string {
  return `http://${ip}:${ETCD_CLIENT_PORT}`;
}

export function ensureEtcdScript(o: EtcdScriptOptions): string {
  const client = etcdEndpoint(o.ip);
  const peer = `http://${o.ip}:${ETCD_PEER_PORT}`;
  const dir = ETCD_AGENT_DIR;
  const args = [
    '--name frontgate',
    `--data-dir ${ETCD_DATA_DIR}`,
    `--listen-client-urls ${shellQuote(client)}`,
    `--advertise-client-urls ${shellQuote(client)}`,
    `--listen-peer-urls ${shellQuote(peer)}`,
    `--initial-advertise-peer-urls ${shellQuote(peer)}`,
    `--initial-cluster ${shellQuote(`frontgate=${peer}`)}`,
    '--max-txn-ops 1024',
  ].join(' ');
  return `
etcd_bin=${shellQuote(o.etcdBinary)}
etcdctl_bin=${shellQuote(o.etcdctlBinary)}
mkdir -p ${dir} || exit 1
exec 9>${dir}/etcd.lock
flock -w ${o.lockWaitSeconds} 9 || { echo "another caller held ${dir}/etcd.lock for ${o.lockWaitSeconds}s" >&2; exit ${ETCD_EXIT_LOCK}; }
healthy() { ETCDCTL_API=3 "$etcdctl_bin" --endpoints=${shellQuote(client)} --dial-timeout=1s --command-timeout=2s endpoint health >/dev/null 2>&1; }
if healthy; then echo HEALTHY; exit 0; fi
command -v "$etcd_bin" >/dev/null 2>&1 || { echo "etcd binary '$etcd_bin' not found on the frontgate (install etcd-server or set MARINA_ETCD_BINARY)" >&2; exit ${ETCD_EXIT_MISSING}; }
command -v "$etcdctl_bin" >/dev/null 2>&1 || { echo "etcdctl binary '$etcdctl_bin' not found on the frontgate (install etcd-client or set MARINA_ETCDCTL_BINARY)" >&2; exit ${ETCD_EXIT_MISSING}; }
old=$(cat ${dir}/etcd.pid 2>/dev/null)
if [ -n "$old" ] && kill -0 "$old" 2>/dev/null && grep -q etcd /proc/"$old"/comm 2>/dev/null; then
  kill "$old" 2>/dev/null
  n=0; while kill -0 "$old" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done
  kill -9 "$old" 2>/dev/null
fi
setsid nohup "$etcd_bin" ${args} >>${dir}/etcd.log 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" > ${dir}/etcd.pid
end=$(( $(date +%s) + ${o.startDeadlineSeconds} ))
delay=0.02
until healthy; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "etcd exited during start-up:" >&2; tail -n 20 ${dir}/etcd.log >&2; exit ${ETCD_EXIT_UNHEALTHY}; fi
  if [ "$(date +%s)" -ge "$end" ]; then echo "etcd did not become healthy within ${o.startDeadlineSeconds}s:" >&2; tail -n 20 ${dir}/etcd.log >&2; exit ${ETCD_EXIT_UNHEALTHY}; fi
  sleep $delay
  case $delay in 0.02) delay=0.05;; 0.05) delay=0.1;; 0.1) delay=0.2;; 0.2) delay=0.5;; *) delay=1;; esac
done
echo STARTED
`.trimStart();
}
