/** What one node sees in its MARINA_METADATA_FILE: the whole cluster metadata plus `self` (pure). */
import { DriverError } from '../../../jobs/errors';
import type { ClusterMetadata, NodeMetadataView } from '../vm-agent.types';

export function nodeView(metadata: ClusterMetadata, nodeId: string): NodeMetadataView {
  for (const hosts of Object.values(metadata.hosts)) {
    const self = hosts.find((h) => h.node_id === nodeId);
    if (self) return { ...metadata, self };
  }
  throw new DriverError(
    'NODE_NOT_IN_METADATA',
    `Node ${nodeId} is not a host of cluster ${metadata.cluster.cluster_id}'s metadata`,
    false,
  );
}
