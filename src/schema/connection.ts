import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Page } from '../services/pagination';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: Promise<number> | number;
}

/** `XConnection { edges { cursor node } pageInfo totalCount }` for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionType;
}

/** Turns a service page into the connection shape; totalCount is only computed when selected. */
export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  let count: Promise<number> | undefined;
  return {
    edges: page.nodes.map((node, i) => ({ cursor: page.cursors[i], node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    get totalCount() {
      count ??= page.totalCount();
      return count;
    },
  };
}
