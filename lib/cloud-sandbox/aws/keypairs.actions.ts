/**
 * Key pair actions: ImportKeyPair, DescribeKeyPairs, DeleteKeyPair. An imported key's fingerprint
 * is what EC2 shows for imported keys: the MD5 of the key blob (RFC 4716) for RSA, the base64
 * SHA-256 of the blob for ED25519.
 */
import { createHash } from 'node:crypto';
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, notFound } from './ec2.errors';
import { newId, type KeyPairRecord } from './ec2.model';
import { applyFilters, type FilterFields } from './filters';
import { keyPairFields } from './resources.xml';
import { itemSet, leaf, tagSet } from './xml.writer';

const KEY_TYPES: Readonly<Record<string, KeyPairRecord['keyType']>> = {
  'ssh-rsa': 'rsa',
  'ssh-ed25519': 'ed25519',
  'ecdsa-sha2-nistp256': 'ecdsa',
  'ecdsa-sha2-nistp384': 'ecdsa',
  'ecdsa-sha2-nistp521': 'ecdsa',
};

function parsePublicKey(material: string): { line: string; keyType: KeyPairRecord['keyType']; fingerprint: string } {
  const invalid = new Ec2Fault('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  const decoded = Buffer.from(material, 'base64').toString('utf8').trim();
  const [type, blob64] = decoded.split(/\s+/);
  const keyType = Object.hasOwn(KEY_TYPES, type) ? KEY_TYPES[type] : undefined;
  if (!keyType || !blob64 || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob64)) throw invalid;
  const blob = Buffer.from(blob64, 'base64');
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength !== type.length || blob.subarray(4, 4 + nameLength).toString() !== type) throw invalid;
  const fingerprint =
    keyType === 'ed25519'
      ? createHash('sha256').update(blob).digest('base64')
      : createHash('md5')
          .update(blob)
          .digest('hex')
          .replace(/(..)(?!$)/g, '$1:');
  return { line: `${type} ${blob64}`, keyType, fingerprint };
}

const importKeyPair: Ec2Action = (params, ctx) => {
  const name = params.required('KeyName');
  const key = parsePublicKey(params.required('PublicKeyMaterial'));
  if (ctx.model.state.keyPairs[name])
    throw new Ec2Fault('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
  const pair: KeyPairRecord = {
    id: newId('key'),
    name,
    publicKey: key.line,
    fingerprint: key.fingerprint,
    keyType: key.keyType,
    createTime: new Date().toISOString(),
  };
  ctx.model.state.keyPairs[name] = pair;
  ctx.model.setTags(pair.id, params.tagsFor('key-pair'));
  ctx.model.save();
  return [
    leaf('keyFingerprint', pair.fingerprint),
    leaf('keyName', pair.name),
    leaf('keyPairId', pair.id),
    tagSet(ctx.model.tagsOf(pair.id)),
  ];
};

const KEY_FILTERS: FilterFields<KeyPairRecord> = {
  'key-name': (k) => k.name,
  'key-pair-id': (k) => k.id,
  fingerprint: (k) => k.fingerprint,
};

function byId(ctx: Ec2Context, id: string): KeyPairRecord | undefined {
  return Object.values(ctx.model.state.keyPairs).find((k) => k.id === id);
}

const describeKeyPairs: Ec2Action = (params, ctx) => {
  const names = params.list('KeyName');
  const ids = params.list('KeyPairId');
  const missingName = names.find((n) => !ctx.model.state.keyPairs[n]);
  if (missingName !== undefined) throw notFound.keyPair(missingName);
  const missingId = ids.find((id) => !byId(ctx, id));
  if (missingId !== undefined) throw notFound.keyPair(missingId);
  let pairs = Object.values(ctx.model.state.keyPairs);
  if (names.length || ids.length) pairs = pairs.filter((k) => names.includes(k.name) || ids.includes(k.id));
  const shown = applyFilters(pairs, params.filters(), KEY_FILTERS, (k) => ctx.model.tagsOf(k.id));
  const withPublicKey = params.bool('IncludePublicKey') ?? false;
  return [itemSet('keySet', shown, (k) => keyPairFields(ctx.model, k, withPublicKey))];
};

/** Deleting a key pair that does not exist succeeds, as in EC2. */
const deleteKeyPair: Ec2Action = (params, ctx) => {
  const id = params.get('KeyPairId');
  const name = params.get('KeyName');
  if (id === undefined && name === undefined)
    throw new Ec2Fault('MissingParameter', 'The request must contain the parameter KeyName or KeyPairId');
  const pair = id !== undefined ? byId(ctx, id) : ctx.model.state.keyPairs[name!];
  if (pair) {
    delete ctx.model.state.keyPairs[pair.name];
    delete ctx.model.state.tags[pair.id];
    ctx.model.save();
  }
  return [leaf('return', true), leaf('keyPairId', pair?.id)];
};

export const KEY_PAIR_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPair: deleteKeyPair,
};
