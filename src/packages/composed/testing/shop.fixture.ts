/**
 * The "shop" composed app used by specs and the e2e test: a Tomcat-like custom node after a MySQL
 * middleware node, an INIT node that must finish first, and a CLOUD_DATABASE node.
 */
export function shopAppJson(): { nodes: Record<string, unknown>[]; edges: { from: string; to: string }[] } {
  return {
    nodes: [
      {
        name: 'web',
        kind: 'CUSTOM',
        image: 'tomcat:9',
        service: { name: 'shop-web', type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] },
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        replicas: 2,
        env: {
          DB_HOST: '${nodes.db.service}',
          DB_PASSWORD: '${secrets.db.password}',
          DB_URL: 'jdbc:mysql://${nodes.db.service}:3306/app?user=app&password=${secrets.db.password}',
        },
        logDir: '/usr/local/tomcat/logs',
        hostPaths: [{ containerPath: '/dev/sda', hostPath: '/dev/sda', type: 'BlockDevice' }],
        storage: [{ name: 'uploads', containerPath: '/data/uploads', size: '1Gi' }],
        configFiles: [
          { name: 'server.xml', mountPath: '/usr/local/tomcat/conf/server.xml', content: '<Server port="8005"/>\n' },
        ],
        ingress: { host: 'shop.example.com', path: '/' },
        scheduling: { nodeSelector: {}, hosts: [], affinity: [], antiAffinity: ['web'] },
        strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 1 },
      },
      { name: 'db', kind: 'MIDDLEWARE', middleware: 'mysql', service: { name: 'shop-db' } },
      { name: 'orders', kind: 'CLOUD_DATABASE', middleware: 'postgresql', size: '1Gi' },
      {
        name: 'init',
        kind: 'INIT',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo schema ready'],
        env: { TARGET: '${nodes.db.service}' },
      },
    ],
    edges: [
      { from: 'web', to: 'db' },
      { from: 'web', to: 'init' },
      { from: 'web', to: 'orders' },
      { from: 'init', to: 'db' },
    ],
  };
}
