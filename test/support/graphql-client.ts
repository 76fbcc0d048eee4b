import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown>; path?: string[] }[];
  status: number;
}

/** A small GraphQL-over-HTTP/WS client for tests (real HTTP requests, real graphql-ws). */
export class GraphQLClient {
  token: string | undefined;
  refresh: string | undefined;

  constructor(
    readonly url: string,
    readonly wsUrl: string,
    token?: string,
  ) {
    this.token = token;
  }

  withToken(token: string | undefined): GraphQLClient {
    return new GraphQLClient(this.url, this.wsUrl, token);
  }

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResponse<T>;
    return { ...body, status: res.status };
  }

  /** Returns data, failing with the error list when the response has errors. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.request<T>(query, variables);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** The extensions.code of the first error (undefined when the call succeeded). */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const res = await this.request(query, variables);
    return res.errors?.[0]?.extensions?.code;
  }

  async loginAs(username: string, password: string): Promise<GraphQLClient & { userId: string; username: string }> {
    const data = await this.ok<{ login: any }>(
      `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ __typename ... on AuthPayload { accessToken refreshToken user { id username } } ... on ErrorResult { message } } }`,
      { u: username, p: password },
    );
    if (data.login.__typename !== 'AuthPayload') throw new Error(`login failed: ${data.login.message}`);
    return this.authed(data.login);
  }

  async registerAs(username: string, password: string): Promise<GraphQLClient & { userId: string; username: string }> {
    const data = await this.ok<{ register: any }>(
      `mutation($u:String!,$e:String!,$p:String!){ register(username:$u,email:$e,password:$p){ __typename ... on AuthPayload { accessToken refreshToken user { id username } } ... on ErrorResult { message } } }`,
      { u: username, e: `${username}@example.com`, p: password },
    );
    if (data.register.__typename !== 'AuthPayload') throw new Error(`register failed: ${data.register.message}`);
    return this.authed(data.register);
  }

  /** A graphql-ws client authenticated with this client's token. Close it with `dispose()`. */
  ws(): Client {
    return createClient({
      url: this.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }

  private authed(payload: { accessToken: string; refreshToken: string; user: { id: string; username: string } }) {
    const client = Object.assign(this.withToken(payload.accessToken), {
      userId: payload.user.id,
      username: payload.user.username,
    });
    client.refresh = payload.refreshToken;
    return client;
  }
}
