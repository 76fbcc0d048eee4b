/**
 * The EC2 error codes this sandbox emits, with the HTTP status EC2 sends each with. Codes and
 * statuses follow EC2's published error reference ("Error codes for the Amazon EC2 API"):
 * credential failures are 401, permission failures 403, throttling 503, server faults 500, every
 * other client error 400.
 */
const EC2_ERROR_STATUS = {
  AuthFailure: 401,
  MissingAuthenticationToken: 401,
  IncompleteSignature: 400,
  RequestExpired: 400,
  UnauthorizedOperation: 403,
  RequestLimitExceeded: 503,
  InternalError: 500,
  DryRunOperation: 412,
  Unsupported: 400,
  MissingAction: 400,
  MalformedQueryString: 400,
  InvalidAction: 400,
  MissingParameter: 400,
  InvalidParameter: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  IdempotentParameterMismatch: 400,
  InstanceLimitExceeded: 400,
  VolumeLimitExceeded: 400,
  TagLimitExceeded: 400,
  IncorrectState: 400,
  IncorrectInstanceState: 400,
  VolumeInUse: 400,
  InvalidID: 400,
  'InvalidInstanceID.NotFound': 400,
  'InvalidInstanceID.Malformed': 400,
  'InvalidVolume.NotFound': 400,
  'InvalidVolume.ZoneMismatch': 400,
  'InvalidAttachment.NotFound': 400,
  'InvalidAMIID.NotFound': 400,
  'InvalidVpcID.NotFound': 400,
  'InvalidVpc.Range': 400,
  'InvalidSubnetID.NotFound': 400,
  'InvalidSubnet.Range': 400,
  'InvalidSubnet.Conflict': 400,
  'InvalidKeyPair.NotFound': 400,
  'InvalidKeyPair.Duplicate': 400,
  'InvalidKey.Format': 400,
  InvalidFilter: 400,
} as const;

export type Ec2ErrorCode = keyof typeof EC2_ERROR_STATUS;

/** HTTP status for an EC2 error code; codes outside the table (e.g. injected ones) are client errors. */
export function ec2ErrorStatus(code: string): number {
  return Object.hasOwn(EC2_ERROR_STATUS, code) ? EC2_ERROR_STATUS[code as Ec2ErrorCode] : 400;
}

/** An EC2 error answer: thrown by actions and the authenticator, written as EC2's XML error document. */
export class Ec2Fault extends Error {
  readonly status: number;
  constructor(
    readonly code: Ec2ErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
    this.name = 'Ec2Fault';
    this.status = ec2ErrorStatus(code);
  }
}

/** The messages EC2 uses for the errors several actions share. */
export const ec2Faults = {
  missing: (name: string) => new Ec2Fault('MissingParameter', `The request must contain the parameter ${name}`),
  invalidValue: (name: string, value: string, why?: string) =>
    new Ec2Fault('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid.${why ? ` ${why}` : ''}`),
  badCredentials: () => new Ec2Fault('AuthFailure', 'AWS was not able to validate the provided access credentials'),
  throttled: () => new Ec2Fault('RequestLimitExceeded', 'Request limit exceeded.'),
};

/** EC2's NotFound answer for each resource kind. */
export const notFound = {
  instance: (id: string) => new Ec2Fault('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`),
  volume: (id: string) => new Ec2Fault('InvalidVolume.NotFound', `The volume '${id}' does not exist.`),
  vpc: (id: string) => new Ec2Fault('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`),
  subnet: (id: string) => new Ec2Fault('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`),
  keyPair: (nameOrId: string) => new Ec2Fault('InvalidKeyPair.NotFound', `The key pair '${nameOrId}' does not exist`),
};
