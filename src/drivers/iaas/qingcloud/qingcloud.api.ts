import type { QingCloudTransport } from './qingcloud.transport';

/** The fields of QingCloud's answers that Marina reads (each answer has more). */
export interface QcTagJson {
  readonly tag_id: string;
  readonly tag_name: string;
}
export interface QcInstanceJson {
  readonly instance_id: string;
  readonly instance_name: string;
  readonly status: string;
  readonly transition_status: string;
  readonly instance_type?: string;
  readonly zone_id?: string;
  readonly vxnets?: readonly { readonly vxnet_id: string; readonly private_ip?: string }[];
  readonly tags?: readonly QcTagJson[];
}
export interface QcVolumeJson {
  readonly volume_id: string;
  readonly volume_name: string;
  readonly status: string;
  readonly transition_status: string;
  readonly size: number;
  readonly zone_id?: string;
  readonly instance?: { readonly instance_id?: string; readonly device?: string };
  readonly tags?: readonly QcTagJson[];
}
export interface QcKeyPairJson {
  readonly keypair_id: string;
  readonly keypair_name: string;
  readonly pub_key?: string;
}
export interface QcVxnetJson {
  readonly vxnet_id: string;
  readonly vxnet_name: string;
  readonly vpc_router_id?: string;
  readonly zone_id?: string;
  readonly router?: { readonly ip_network?: string };
}
export interface QcRouterJson {
  readonly router_id: string;
  readonly router_name: string;
  readonly vpc_network?: string;
}
export interface QcJobJson {
  readonly job_id: string;
  readonly job_action: string;
  readonly status: string;
  readonly resource_ids: string;
}

type Page = { readonly offset?: number; readonly limit?: number };
type Job = { readonly job_id: string };

/**
 * QingCloud IaaS actions, typed: each method is one signed call (see QingCloudTransport). `zone`
 * defaults to the credential's region; list parameters are plain arrays.
 */
export class QingCloudApi {
  constructor(readonly transport: QingCloudTransport) {}

  describeZones(input: { zones?: readonly string[] } = {}) {
    return this.transport.call<{ zone_set: { zone_id: string; status: string }[] }>('DescribeZones', input);
  }

  runInstances(input: {
    zone: string;
    image_id: string;
    instance_type?: string;
    cpu?: number;
    memory?: number;
    count: number;
    instance_name: string;
    login_mode: 'keypair' | 'passwd';
    login_keypair?: string;
    login_passwd?: string;
    vxnets?: readonly string[];
    need_userdata?: number;
    userdata_type?: 'plain';
    userdata_value?: string;
  }) {
    return this.transport.call<{ instances: string[] } & Job>('RunInstances', input);
  }

  describeInstances(
    input: {
      instances?: readonly string[];
      status?: readonly string[];
      tags?: readonly string[];
      search_word?: string;
      verbose?: number;
    } & Page,
  ) {
    return this.transport.call<{ instance_set: QcInstanceJson[]; total_count: number }>('DescribeInstances', input);
  }

  startInstances(instances: readonly string[]) {
    return this.transport.call<Job>('StartInstances', { instances });
  }

  stopInstances(instances: readonly string[]) {
    return this.transport.call<Job>('StopInstances', { instances });
  }

  terminateInstances(instances: readonly string[]) {
    return this.transport.call<Job>('TerminateInstances', { instances });
  }

  resizeInstances(input: { instances: readonly string[]; instance_type?: string; cpu?: number; memory?: number }) {
    return this.transport.call<Job>('ResizeInstances', input);
  }

  createVolumes(input: { zone: string; size: number; volume_name: string; count: number; volume_type?: number }) {
    return this.transport.call<{ volumes: string[] } & Job>('CreateVolumes', input);
  }

  describeVolumes(
    input: {
      volumes?: readonly string[];
      status?: readonly string[];
      tags?: readonly string[];
      search_word?: string;
      verbose?: number;
    } & Page,
  ) {
    return this.transport.call<{ volume_set: QcVolumeJson[]; total_count: number }>('DescribeVolumes', input);
  }

  attachVolumes(volumes: readonly string[], instance: string) {
    return this.transport.call<Job>('AttachVolumes', { volumes, instance });
  }

  detachVolumes(volumes: readonly string[], instance: string) {
    return this.transport.call<Job>('DetachVolumes', { volumes, instance });
  }

  deleteVolumes(volumes: readonly string[]) {
    return this.transport.call<Job>('DeleteVolumes', { volumes });
  }

  resizeVolumes(volumes: readonly string[], size: number) {
    return this.transport.call<Job>('ResizeVolumes', { volumes, size });
  }

  describeVxnets(input: { vxnets?: readonly string[]; verbose?: number } & Page = {}) {
    return this.transport.call<{ vxnet_set: QcVxnetJson[]; total_count: number }>('DescribeVxnets', input);
  }

  describeRouters(input: { routers?: readonly string[] } & Page = {}) {
    return this.transport.call<{ router_set: QcRouterJson[]; total_count: number }>('DescribeRouters', input);
  }

  createKeyPair(input: { keypair_name: string; mode: 'user'; public_key: string; encrypt_method?: string }) {
    return this.transport.call<{ keypair_id: string }>('CreateKeyPair', input);
  }

  describeKeyPairs(input: { keypairs?: readonly string[]; search_word?: string } & Page = {}) {
    return this.transport.call<{ keypair_set: QcKeyPairJson[]; total_count: number }>('DescribeKeyPairs', input);
  }

  deleteKeyPairs(keypairs: readonly string[]) {
    return this.transport.call<{ keypairs: string[] }>('DeleteKeyPairs', { keypairs });
  }

  createTag(tag_name: string) {
    return this.transport.call<{ tag_id: string }>('CreateTag', { tag_name });
  }

  describeTags(input: { tags?: readonly string[]; search_word?: string } & Page) {
    return this.transport.call<{ tag_set: QcTagJson[]; total_count: number }>('DescribeTags', input);
  }

  attachTags(
    pairs: readonly { tag_id: string; resource_type: 'instance' | 'volume' | 'keypair'; resource_id: string }[],
  ) {
    return this.transport.call<object>('AttachTags', { resource_tag_pairs: pairs });
  }

  describeJobs(jobs: readonly string[]) {
    return this.transport.call<{ job_set: QcJobJson[] }>('DescribeJobs', { jobs });
  }
}
