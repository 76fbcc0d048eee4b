import protobuf from 'protobufjs';
import { apiErrors } from '../api/api-errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../api/kube-object.types';

/**
 * Decoder for Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`): the
 * magic `k8s\0`, then a `runtime.Unknown` whose `raw` holds the typed message. Message and field
 * numbers follow k8s.io/api core/v1 and k8s.io/apimachinery meta/v1 + runtime generated.proto;
 * only the kinds clients actually send as protobuf are described (Secret and ConfigMap from
 * helm's release storage, DeleteOptions from typed deletes).
 */
const schema = `
syntax = "proto2";
package k8s;
message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown { optional TypeMeta typeMeta = 1; optional bytes raw = 2; optional string contentEncoding = 3; optional string contentType = 4; }
message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message OwnerReference { optional string kind = 1; optional string name = 3; optional string uid = 4; optional string apiVersion = 5; optional bool controller = 6; optional bool blockOwnerDeletion = 7; }
message FieldsV1 { optional bytes Raw = 1; }
message ManagedFieldsEntry { optional string manager = 1; optional string operation = 2; optional string apiVersion = 3; optional Time time = 4; optional string fieldsType = 6; optional FieldsV1 fieldsV1 = 7; optional string subresource = 8; }
message ObjectMeta {
  optional string name = 1; optional string generateName = 2; optional string namespace = 3; optional string selfLink = 4;
  optional string uid = 5; optional string resourceVersion = 6; optional int64 generation = 7; optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9; optional int64 deletionGracePeriodSeconds = 10; map<string, string> labels = 11;
  map<string, string> annotations = 12; repeated OwnerReference ownerReferences = 13; repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}
message Secret { optional ObjectMeta metadata = 1; map<string, bytes> data = 2; optional string type = 3; map<string, string> stringData = 4; optional bool immutable = 5; }
message ConfigMap { optional ObjectMeta metadata = 1; map<string, string> data = 2; map<string, bytes> binaryData = 3; optional bool immutable = 4; }
message Preconditions { optional string uid = 1; optional string resourceVersion = 2; }
message DeleteOptions { optional int64 gracePeriodSeconds = 1; optional Preconditions preconditions = 2; optional bool orphanDependents = 3; optional string propagationPolicy = 4; repeated string dryRun = 5; }
`;

const root = protobuf.parse(schema, { keepCase: true }).root;
const Unknown = root.lookupType('k8s.Unknown');
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Kinds whose protobuf encoding the sandbox understands. */
const decodable: Record<string, string> = {
  Secret: 'k8s.Secret',
  ConfigMap: 'k8s.ConfigMap',
  DeleteOptions: 'k8s.DeleteOptions',
};

function timeToString(v: unknown): string | undefined {
  if (!isJsonObject(v)) return undefined;
  const seconds = Number(v.seconds ?? 0);
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function normaliseMeta(meta: JsonObject): JsonObject {
  for (const k of ['creationTimestamp', 'deletionTimestamp'])
    if (meta[k] !== undefined) meta[k] = timeToString(meta[k]) ?? null;
  if (Array.isArray(meta.managedFields)) {
    meta.managedFields = meta.managedFields.filter(isJsonObject).map((e) => {
      const out: JsonObject = { ...e };
      if (e.time !== undefined) out.time = timeToString(e.time) ?? null;
      if (isJsonObject(e.fieldsV1) && typeof e.fieldsV1.Raw === 'string')
        out.fieldsV1 = JSON.parse(Buffer.from(e.fieldsV1.Raw, 'base64').toString('utf8')) as JsonValue;
      return out;
    });
  }
  return meta;
}

/** True when the body starts with the Kubernetes protobuf magic number. */
export function isKubernetesProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(magic);
}

/**
 * Decodes a protobuf body into the JSON shape of the object (bytes → base64 strings, Time →
 * RFC 3339), with `apiVersion`/`kind` from the envelope. Unsupported kinds are 415.
 */
export function decodeKubernetesProtobuf(body: Buffer): JsonObject {
  if (!isKubernetesProtobuf(body)) throw apiErrors.badRequest('protobuf body does not start with the k8s magic number');
  let envelope: JsonObject;
  try {
    envelope = Unknown.toObject(Unknown.decode(body.subarray(4)), { bytes: String, longs: Number }) as JsonObject;
  } catch (err) {
    throw apiErrors.badRequest(`unable to decode protobuf envelope: ${(err as Error).message}`);
  }
  const typeMeta = isJsonObject(envelope.typeMeta) ? envelope.typeMeta : {};
  const kind = String(typeMeta.kind ?? '');
  const messageName = decodable[kind];
  if (!messageName)
    throw apiErrors.unsupportedMediaType(`application/vnd.kubernetes.protobuf (kind ${kind || 'unknown'})`);
  const type = root.lookupType(messageName);
  let obj: JsonObject;
  try {
    const raw = Buffer.from(String(envelope.raw ?? ''), 'base64');
    obj = type.toObject(type.decode(raw), { bytes: String, longs: Number }) as JsonObject;
  } catch (err) {
    throw apiErrors.badRequest(`unable to decode protobuf ${kind}: ${(err as Error).message}`);
  }
  if (isJsonObject(obj.metadata)) normaliseMeta(obj.metadata);
  return { apiVersion: String(typeMeta.apiVersion ?? ''), kind, ...obj };
}

/** Encodes an object of a decodable kind (used by tests to play the role of client-go). */
export function encodeKubernetesProtobuf(obj: JsonObject): Buffer {
  const kind = String(obj.kind);
  const type = root.lookupType(decodable[kind] ?? '');
  const { apiVersion, kind: _kind, ...rest } = obj;
  void _kind;
  const meta = isJsonObject(rest.metadata) ? { ...rest.metadata } : undefined;
  if (meta?.creationTimestamp)
    meta.creationTimestamp = { seconds: Math.floor(Date.parse(String(meta.creationTimestamp)) / 1000) };
  const message = type.fromObject({ ...rest, ...(meta ? { metadata: meta } : {}) });
  const raw = type.encode(message).finish();
  const envelope = Unknown.encode(
    Unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' }),
  ).finish();
  return Buffer.concat([magic, Buffer.from(envelope)]);
}
