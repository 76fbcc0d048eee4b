/**
 * Live discovery in Helm's `Capabilities.APIVersions` form: every served "group/version" and every
 * "group/version/Kind" (subresource kinds included, each once), from `/api`, `/apis` and each
 * group-version's resource list — what helm's GetVersionSet computes from ServerGroupsAndResources.
 */
import type { WireObjectApi } from './kube-client';

interface ApiVersions {
  versions?: string[];
}
interface ApiGroupList {
  groups?: { versions?: { groupVersion?: string }[] }[];
}
interface ApiResourceList {
  resources?: { kind?: string }[];
}

/** The group-versions the server serves: core ones ("v1") first, then every group's versions. */
export async function servedGroupVersions(api: WireObjectApi): Promise<string[]> {
  const [core, groups] = await Promise.all([
    api.send<ApiVersions>({ method: 'GET', path: '/api' }),
    api.send<ApiGroupList>({ method: 'GET', path: '/apis' }),
  ]);
  const named = (groups.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion ?? ''));
  return [...new Set([...(core.versions ?? []), ...named].filter((gv) => gv !== ''))];
}

/** Sorted "group/version" and "group/version/Kind" strings of everything the server serves. */
export async function discoverApiVersions(api: WireObjectApi): Promise<string[]> {
  const groupVersions = await servedGroupVersions(api);
  const lists = await Promise.all(
    groupVersions.map((gv) =>
      api.send<ApiResourceList>({ method: 'GET', path: gv.includes('/') ? `/apis/${gv}` : `/api/${gv}` }),
    ),
  );
  const all = new Set<string>(groupVersions);
  lists.forEach((list, i) => {
    for (const r of list.resources ?? []) if (r.kind) all.add(`${groupVersions[i]}/${r.kind}`);
  });
  return [...all].sort();
}
