/**
 * What the AWS adapter's parts share: the throttle-retrying EC2 call helper the client hands them,
 * id filters, and the paged instance listing.
 */
import { DescribeInstancesCommand, type EC2Client, type Filter, type Instance } from '@aws-sdk/client-ec2';

/** One EC2 call with the throttle retry; `send` builds a fresh command for each attempt. */
export type Ec2Call = <T>(send: (ec2: EC2Client) => Promise<T>) => Promise<T>;

export const idFilter = (name: string, ids: readonly string[] | undefined): Filter[] =>
  ids ? [{ Name: name, Values: [...ids] }] : [];

/** Every instance matching the filters, across all pages. */
export async function listInstances(call: Ec2Call, filters: Filter[]): Promise<Instance[]> {
  const found: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const out = await call((ec2) => ec2.send(new DescribeInstancesCommand({ Filters: filters, NextToken })));
    for (const r of out.Reservations ?? []) found.push(...(r.Instances ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return found;
}
